import { NoSuchEntryError, type AdapterConfig } from '@adapters/core';

/** The seed-era adapter types: task adapters and language adapters (MAD-X). */
export type AdapterTypeName = 'text_task' | 'text_lang';

export interface AdapterRecord {
  readonly name: string;
  /** Only set when the adapter was added with a seed-era type. */
  readonly type: AdapterTypeName | undefined;
  readonly config: AdapterConfig;
}

/**
 * `model.config.adapters` of the seed API (`ModelAdaptersConfig`): which adapters exist, their type and config.
 * A read-only view; the model updates it when adapters are added, loaded or deleted.
 */
export class ModelAdaptersConfig {
  private readonly records = new Map<string, AdapterRecord>();

  /** Names of the adapters of one type (seed `adapter_list(type)`), or of all adapters. */
  adapterList(type?: AdapterTypeName): string[] {
    return [...this.records.values()].filter((record) => type === undefined || record.type === type).map((record) => record.name);
  }

  /** The config of an adapter (seed `get(name)`). */
  get(name: string): AdapterConfig {
    const record = this.records.get(name);
    if (record === undefined) throw new NoSuchEntryError({ registry: 'adapter', key: name, available: this.adapterList() });
    return record.config;
  }

  /** The adapter's record including its seed type (seed `get(name, return_type=True)`). */
  getRecord(name: string): AdapterRecord | undefined {
    return this.records.get(name);
  }

  has(name: string): boolean {
    return this.records.has(name);
  }

  get size(): number {
    return this.records.size;
  }

  /** @internal */
  set(record: AdapterRecord): void {
    this.records.set(record.name, record);
  }

  /** @internal */
  delete(name: string): void {
    this.records.delete(name);
  }
}
