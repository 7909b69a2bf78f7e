import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_ENDPOINT, defaultModelCacheDir, hubEndpoint, hubOfflineFromEnvironment, hubToken } from './hub-settings';

const names = ['HF_ENDPOINT', 'HF_TOKEN', 'HF_HUB_OFFLINE', 'ADAPTERS_CACHE', 'XDG_CACHE_HOME'] as const;
const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));

function setEnvironment(values: Partial<Record<(typeof names)[number], string | undefined>>): void {
  for (const name of names) {
    const value = values[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

afterEach(() => setEnvironment(saved));

describe('hub settings', () => {
  it('picks the endpoint from the override, then HF_ENDPOINT, then huggingface.co, without trailing slashes', () => {
    setEnvironment({});
    expect(hubEndpoint()).toBe(DEFAULT_HUB_ENDPOINT);
    setEnvironment({ HF_ENDPOINT: 'https://mirror.example/' });
    expect(hubEndpoint()).toBe('https://mirror.example');
    expect(hubEndpoint('http://127.0.0.1:1234//')).toBe('http://127.0.0.1:1234');
  });

  it('reads HF_TOKEN, ignoring an empty value', () => {
    setEnvironment({ HF_TOKEN: '' });
    expect(hubToken()).toBeUndefined();
    setEnvironment({ HF_TOKEN: 'hf_x' });
    expect(hubToken()).toBe('hf_x');
  });

  it('reads HF_HUB_OFFLINE the way huggingface_hub does', () => {
    for (const value of ['1', 'true', 'YES', 'on']) {
      setEnvironment({ HF_HUB_OFFLINE: value });
      expect(hubOfflineFromEnvironment(), value).toBe(true);
    }
    for (const value of [undefined, '', '0', 'false']) {
      setEnvironment({ HF_HUB_OFFLINE: value });
      expect(hubOfflineFromEnvironment(), String(value)).toBe(false);
    }
  });

  it('puts the cache at ADAPTERS_CACHE, else $XDG_CACHE_HOME/adapters, else ~/.cache/adapters', () => {
    setEnvironment({ ADAPTERS_CACHE: '/somewhere/cache', XDG_CACHE_HOME: '/xdg' });
    expect(defaultModelCacheDir()).toBe('/somewhere/cache');
    setEnvironment({ XDG_CACHE_HOME: '/xdg' });
    expect(defaultModelCacheDir()).toBe(path.join('/xdg', 'adapters'));
    setEnvironment({});
    expect(defaultModelCacheDir()).toBe(path.join(os.homedir(), '.cache', 'adapters'));
  });
});
