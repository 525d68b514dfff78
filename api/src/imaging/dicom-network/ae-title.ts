/** PS3.5 AE value: 1-16 characters of printable ASCII without a backslash, not only spaces (padding is not significant). */
export const isAeTitle = (value: string): boolean => /^[\x20-\x5b\x5d-\x7e]{1,16}$/.test(value) && value.trim() !== '';
