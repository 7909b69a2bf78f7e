/** `21,138 of 4,405,196 parameters train` */
export function trainableSummary(model: { namedParameters(): Array<[string, { size: number; trainable: boolean }]> }): string {
  let total = 0;
  let trainable = 0;
  for (const [, variable] of model.namedParameters()) {
    total += variable.size;
    if (variable.trainable) trainable += variable.size;
  }
  return `${trainable.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} parameters train`;
}
