/** 0.8 → "80 %" in the person's number format. */
export const percentText = (fraction: number, number: (value: number) => string): string => `${number(Math.round(fraction * 1000) / 10)} %`;
