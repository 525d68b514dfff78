/** Whole years between an ISO birth date (YYYY-MM-DD) and a day, as a clinician counts age. */
export function ageOn(birthDate: string, day: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  const years = day.getUTCFullYear() - y;
  const month = day.getUTCMonth() + 1;
  return month < m || (month === m && day.getUTCDate() < d) ? years - 1 : years;
}
