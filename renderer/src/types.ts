// The shapes the screens work with, as the service returns them (types only).
import type { ResultOf } from '../../service/api';

export type AppInfo = ResultOf<'app.info'>;
export type SessionUser = NonNullable<ResultOf<'auth.me'>>;
export type TeacherDay = ResultOf<'timetable.day'>;
export type DayLesson = TeacherDay['lessons'][number];
export type PageInfo = ResultOf<'journal.pages'>[number];
export type JournalPageData = ResultOf<'journal.page'>;
export type SchoolOverviewData = ResultOf<'school.overview'>;
export type ClassOverview = SchoolOverviewData['classes'][number];
export type SchoolClass = ResultOf<'school.classes'>[number];
