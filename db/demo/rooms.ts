// Room numbers of the demo school: floor and number (101, 215…), thirty rooms a floor.
// A school grown into a complex of several buildings (issue 16: --students in thousands)
// numbers the rooms of its second and later buildings with the building first: 2-101.
export const ROOMS_PER_FLOOR = 30;

/** The `n`-th room (from 0) on a floor, counting on into the next buildings. */
export function roomLabel(floor: number, n: number): string {
  const building = Math.floor(n / ROOMS_PER_FLOOR);
  const no = floor * 100 + 1 + (n % ROOMS_PER_FLOOR);
  return building === 0 ? String(no) : `${building + 1}-${no}`;
}
