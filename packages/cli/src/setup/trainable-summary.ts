type WithParameters = { namedParameters(): Array<[string, { size: number; trainable: boolean }]> };

/** The parameter counts of a model (trainable and all). */
export function countParameters(model: WithParameters): { trainable: number; total: number } {
  let total = 0;
  let trainable = 0;
  for (const [, variable] of model.namedParameters()) {
    total += variable.size;
    if (variable.trainable) trainable += variable.size;
  }
  return { trainable, total };
}

/** `21,138 of 4,405,196 parameters train` */
export function trainableSummary(model: WithParameters): string {
  const { trainable, total } = countParameters(model);
  return `${trainable.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} parameters train`;
}
