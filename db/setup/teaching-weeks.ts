// Weeks of teaching in a school year: 33 in grade 1, 34 in the others. The curriculum's
// hours a week times these are a subject's hours for the year, which the thematic plans
// must match (R-REC-6).
export function teachingWeeks(grade: number): number {
  return grade === 1 ? 33 : 34;
}
