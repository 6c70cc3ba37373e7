// The left navigation: what each role works with (R-ROLE-2…5).
import { addsStudents, readsReports, setsUpYear, closesYear, exchangesTables, seesMovement, seesYearChecklist, seesSyncDetail, controlsJournal, decidesCorrections, filesRequests, entersFinalMarks, printsDocuments, isAdmin, isDeputy, seesBackups, seesBooks, seesCertification, isTeacher, seesClassDesk, seesWholeSchool, type ListRoute } from '../route';
import type { SessionUser } from '../types';

interface Props {
  user: SessionUser;
  current: ListRoute['screen'];
  onNavigate(route: ListRoute): void;
  /** The deputy's remarks on the teacher's pages still waiting for the teacher (R-ROLE-4). */
  openRemarks?: number;
  /** The end-of-year copy on two media is due (R-KEEP-1). */
  backupDue?: boolean;
  /** The person's certification tasks for the day (R-PRINT-2). */
  tasks?: number;
  /** Correction requests waiting for a deputy's decision (R-TIME-3). */
  pendingCorrections?: number;
}

interface Item {
  route: ListRoute;
  label: string;
  testId: string;
  count?: number;
  countTitle?: string;
}

export function NavBar({ user, current, onNavigate, openRemarks, backupDue, tasks, pendingCorrections }: Props) {
  const items: Item[] = [];
  if (isTeacher(user)) {
    items.push({ route: { screen: 'today' }, label: 'Сегодня', testId: 'nav-today' });
    items.push({ route: { screen: 'pages' }, label: 'Мои страницы журнала', testId: 'nav-pages' });
    items.push({ route: { screen: 'remarks' }, label: 'Замечания', testId: 'nav-remarks', count: openRemarks, countTitle: 'Открытых замечаний' });
  }
  if (filesRequests(user)) {
    items.push({ route: { screen: 'myRequests' }, label: 'Мои заявки', testId: 'nav-my-requests' });
  }
  if (entersFinalMarks(user)) {
    items.push({ route: { screen: 'finalMarks' }, label: 'Экзаменационные и итоговые отметки', testId: 'nav-final-marks' });
  }
  // R-ROLE-3: the class teacher's own class (next to their pages); the administration
  // picks any class (next to the class journals).
  const administration = user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'admin');
  if (seesClassDesk(user) && !administration) {
    items.push({ route: { screen: 'class', classId: null }, label: 'Мой класс', testId: 'nav-class' });
  }
  if (seesWholeSchool(user)) {
    items.push({ route: { screen: 'overview' }, label: 'Обзор школы', testId: 'nav-overview' });
    items.push({ route: { screen: 'classes', classId: null }, label: 'Журнал по классам', testId: 'nav-classes' });
  }
  if (seesClassDesk(user) && administration) {
    items.push({ route: { screen: 'class', classId: null }, label: 'Ученики классов', testId: 'nav-class' });
  }
  if (decidesCorrections(user)) {
    items.push({ route: { screen: 'corrections' }, label: 'Заявки на исправление', testId: 'nav-corrections', count: pendingCorrections, countTitle: 'Заявок ждут решения' });
  }
  // R-ROLE-4: the deputy's control of the journal (the director may look too) and substitutions.
  if (controlsJournal(user)) {
    items.push({ route: { screen: 'control' }, label: 'Контроль', testId: 'nav-control' });
  }
  if (isDeputy(user)) {
    items.push({ route: { screen: 'substitutions' }, label: 'Замены', testId: 'nav-substitutions' });
  }
  // R-PRINT-2, R-PRINT-3: the term-end certification, each person's tasks, the secretary's books.
  if (seesCertification(user)) {
    items.push({ route: { screen: 'certification', campaignId: null, classId: null }, label: 'Аттестация', testId: 'nav-certification' });
  }
  if (isTeacher(user) || seesCertification(user)) {
    items.push({ route: { screen: 'tasks' }, label: 'Мои задачи', testId: 'nav-tasks', count: tasks, countTitle: 'Задач по аттестации' });
  }
  // Issue 14: reports for whoever may ask for one (each report's access is checked by the service).
  if (readsReports(user)) {
    items.push({ route: { screen: 'reports' }, label: 'Отчёты', testId: 'nav-reports' });
  }
  if (seesBooks(user)) {
    items.push({ route: { screen: 'books', tab: 'copies' }, label: 'Книги учёта', testId: 'nav-books' });
  }
  if (printsDocuments(user)) {
    items.push({ route: { screen: 'print' }, label: 'Печать', testId: 'nav-print' });
  }
  // R-ROLE-6: the administrator's set-up; the regulation profile is readable by the administration.
  if (isAdmin(user)) {
    items.push({ route: { screen: 'staff' }, label: 'Сотрудники', testId: 'nav-staff' });
  }
  if (addsStudents(user)) {
    items.push({ route: { screen: 'students' }, label: 'Ученики', testId: 'nav-students' });
  }
  // R-REC-9: the administrator records the movement of students; the administration reads it.
  if (seesMovement(user)) {
    items.push({ route: { screen: 'movement' }, label: 'Движение учеников', testId: 'nav-movement' });
  }
  if (setsUpYear(user)) {
    items.push({ route: { screen: 'setup' }, label: 'Настройка учебного года', testId: 'nav-setup' });
  }
  if (seesYearChecklist(user)) {
    items.push({ route: { screen: 'checklist' }, label: 'Готовность года', testId: 'nav-checklist' });
  }
  if (closesYear(user)) {
    items.push({ route: { screen: 'yearClose' }, label: 'Окончание года', testId: 'nav-year-close' });
  }
  if (exchangesTables(user)) {
    items.push({ route: { screen: 'exchange' }, label: 'Импорт и экспорт', testId: 'nav-exchange' });
  }
  if (seesWholeSchool(user)) {
    items.push({ route: { screen: 'regulation' }, label: 'Регламент', testId: 'nav-regulation' });
  }
  // R-KEEP-1: the badge reminds of the end-of-year copy on two media when it is due.
  if (seesBackups(user)) {
    items.push({ route: { screen: 'backups' }, label: 'Резервные копии', testId: 'nav-backups', count: backupDue ? 1 : 0, countTitle: 'Резервные копии требуют внимания: копия конца года или проверка копий' });
  }
  if (seesSyncDetail(user)) {
    items.push({ route: { screen: 'sync' }, label: 'Синхронизация', testId: 'nav-sync' });
  }
  return (
    <nav className="nav" aria-label="Разделы">
      <ul>
        {items.map((item) => (
          <li key={item.testId}>
            <button
              data-testid={item.testId}
              type="button"
              className={item.route.screen === current ? 'nav-item active' : 'nav-item'}
              aria-current={item.route.screen === current ? 'page' : undefined}
              onClick={() => onNavigate(item.route)}
            >
              {item.label}
              {!!item.count && (
                <span data-testid={`${item.testId}-count`} className="nav-count" title={item.countTitle}>
                  {item.count}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {items.length === 0 && <p className="muted nav-empty">Для вашей учётной записи нет разделов журнала.</p>}
    </nav>
  );
}
