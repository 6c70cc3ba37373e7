// The window after sign-in: top bar, navigation by role, and the current screen.
import { useState } from 'react';
import { call } from '../api';
import { useCall } from '../hooks/useCall';
import { decidesCorrections, homeRoute, resolvesConflicts, seesSyncDetail, isAdmin, isTeacher, makesBackups, restoresBackups, seesBackups, seesCertification, seesClassDesk, recordsMovement, type ListRoute, type Route } from '../route';
import { ChecklistScreen } from '../screens/admin/ChecklistScreen';
import { SetupScreen } from '../screens/setup/SetupScreen';
import { ImportScreen } from '../screens/admin/ImportScreen';
import { MovementScreen } from '../screens/admin/MovementScreen';
import { YearCloseScreen } from '../screens/admin/YearCloseScreen';
import { FinalMarksScreen } from '../screens/FinalMarksScreen';
import { StudentsScreen } from '../screens/admin/StudentsScreen';
import type { FoundStudent } from './people/StudentPicker';
import { BackupScreen } from '../screens/admin/BackupScreen';
import { SyncScreen } from '../screens/sync/SyncScreen';
import { BooksScreen } from '../screens/certification/BooksScreen';
import { CertificationScreen } from '../screens/certification/CertificationScreen';
import { MarkCheckScreen } from '../screens/certification/MarkCheckScreen';
import { PrintScreen } from '../screens/print/PrintScreen';
import { ReportsScreen } from '../screens/reports/ReportsScreen';
import { MyTasks } from './certification/MyTasks';
import { RegulationScreen } from '../screens/admin/RegulationScreen';
import { StaffScreen } from '../screens/admin/StaffScreen';
import { ClassDeskScreen } from '../screens/class/ClassDeskScreen';
import { ClassJournals } from '../screens/ClassJournals';
import { ControlScreen } from '../screens/control/ControlScreen';
import { MyRemarksScreen } from '../screens/control/MyRemarksScreen';
import { SubstitutionsScreen } from '../screens/control/SubstitutionsScreen';
import { CorrectionsScreen } from '../screens/CorrectionsScreen';
import { MyRequestsScreen } from '../screens/MyRequestsScreen';
import { JournalPageView } from '../screens/JournalPageView';
import { MyPagesScreen } from '../screens/MyPagesScreen';
import { SchoolOverview } from '../screens/SchoolOverview';
import { TeacherHome } from '../screens/TeacherHome';
import type { AppInfo, SessionUser } from '../types';
import type { Remark } from './control/control-model';
import { NavBar } from './NavBar';
import { TopBar } from './TopBar';
import { UpdateBanner } from './UpdateBanner';

interface Props {
  info: AppInfo;
  user: SessionUser;
  onSignOut(): void;
}

export function AppShell({ info, user, onSignOut }: Props) {
  const [route, setRoute] = useState<Route>(() => homeRoute(user));
  // A click in the navigation starts the section afresh (e.g. "Сегодня" goes back to today).
  const [visit, setVisit] = useState(0);
  const section: ListRoute = route.screen === 'page' ? route.back : route;
  // The teacher's open remarks (R-ROLE-4), counted in the navigation; re-read on every move.
  const remarks = useCall('remark.list', isTeacher(user) ? { openOnly: true } : null, { followSync: true });
  const openRemarks = ((remarks.value ?? remarks.stale ?? []) as readonly Remark[]).filter((r) => r.teacherId === user.id).length;
  const backups = useCall('backup.status', seesBackups(user) ? {} : null);
  const backupDue = backups.status === 'ok' && (backups.value.yearEndDue || backups.value.attention);
  // The certification tasks of the day (R-PRINT-2), counted in the navigation.
  const tasks = useCall('campaign.myTasks', isTeacher(user) || seesCertification(user) ? {} : null, { followSync: true });
  const taskCount = (tasks.value ?? tasks.stale)?.tasks.length ?? 0;
  // Correction requests waiting for a deputy (R-TIME-3), counted in the deputy's navigation.
  const pending = useCall('correction.pendingCount', decidesCorrections(user) ? {} : null, { followSync: true });
  const pendingCorrections = (pending.value ?? pending.stale)?.pending ?? 0;
  const go = (to: Route) => {
    if (decidesCorrections(user)) pending.reload();
    if (isTeacher(user)) remarks.reload();
    if (isTeacher(user) || seesCertification(user)) tasks.reload();
    setRoute(to);
  };
  const navigate = (to: ListRoute) => {
    setVisit((n) => n + 1);
    go(to);
  };
  // A student found in the search box: the class desk where the role keeps or oversees the
  // class (its class teacher, the administration, R-ROLE-3), the class's journal pages otherwise.
  const openStudent = async (s: FoundStudent) => {
    const administration = user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'admin');
    const leads = !administration && user.roles.includes('class_teacher') && (await call('school.classes', {}).catch(() => [])).some((c) => c.id === s.classId && c.classTeacherId === user.id);
    navigate(seesClassDesk(user) && (administration || leads) ? { screen: 'class', classId: s.classId } : { screen: 'classes', classId: s.classId });
  };

  return (
    <div className="shell">
      <TopBar info={info} user={user} onSignOut={onSignOut} onOpenSync={() => navigate({ screen: 'sync' })} onOpenStudent={(s) => void openStudent(s)} />
      <NavBar user={user} current={section.screen} onNavigate={navigate} openRemarks={openRemarks} backupDue={backupDue} tasks={taskCount} pendingCorrections={pendingCorrections} />
      <main className="content" id="content">
        <UpdateBanner />
        <Screen key={visit} route={route} user={user} navigate={go} onRemarksChanged={remarks.reload} onCorrectionsChanged={pending.reload} />
      </main>
    </div>
  );
}

interface ScreenProps {
  route: Route;
  user: SessionUser;
  navigate(route: Route): void;
  onRemarksChanged(): void;
  /** A deputy decided a correction request: the menu's count of waiting requests is read again. */
  onCorrectionsChanged(): void;
}

function Screen({ route, user, navigate, onRemarksChanged, onCorrectionsChanged }: ScreenProps) {
  switch (route.screen) {
    case 'today':
      return (
        <TeacherHome
          onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })}
          onOpenLesson={(assignmentId, lessonId, date) => navigate({ screen: 'page', assignmentId, lessonId, date, back: route })}
          onOpenCheck={(campaignId, assignmentId) => navigate({ screen: 'markCheck', campaignId, assignmentId })}
        />
      );
    case 'certification':
      return (
        <CertificationScreen
          user={user}
          campaignId={route.campaignId}
          classId={route.classId}
          onSelect={(campaignId, classId) => navigate({ screen: 'certification', campaignId, classId })}
        />
      );
    case 'tasks':
      return (
        <section className="panel" aria-label="Мои задачи">
          <MyTasks
            onOpenCheck={(campaignId, assignmentId) => navigate({ screen: 'markCheck', campaignId, assignmentId })}
            onOpenClass={seesCertification(user) ? (campaignId, classId) => navigate({ screen: 'certification', campaignId, classId }) : undefined}
          />
        </section>
      );
    case 'markCheck':
      return (
        <MarkCheckScreen
          campaignId={route.campaignId}
          assignmentId={route.assignmentId}
          onBack={() => navigate({ screen: 'tasks' })}
          onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })}
        />
      );
    case 'books':
      return <BooksScreen user={user} tab={route.tab} onTab={(tab) => navigate({ screen: 'books', tab })} />;
    case 'print':
      return <PrintScreen />;
    case 'reports':
      return <ReportsScreen user={user} route={route} navigate={navigate} />;
    case 'pages':
      return <MyPagesScreen onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })} />;
    case 'overview':
      return (
        <SchoolOverview
          view={route.view}
          onView={(view) => navigate({ screen: 'overview', view })}
          onOpenClass={(classId) => navigate({ screen: 'classes', classId })}
          onOpenPage={(assignmentId, date, lessonId) => navigate({ screen: 'page', assignmentId, date, lessonId, back: route })}
        />
      );
    case 'classes':
      return (
        <ClassJournals
          classId={route.classId}
          onPickClass={(classId) => navigate({ screen: 'classes', classId })}
          onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })}
        />
      );
    case 'corrections':
      return <CorrectionsScreen onDecided={onCorrectionsChanged} />;
    case 'myRequests':
      return <MyRequestsScreen onOpenPage={(assignmentId, date) => navigate({ screen: 'page', assignmentId, date, back: route })} />;
    case 'remarks':
      return <MyRemarksScreen user={user} onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })} />;
    case 'control':
      return (
        <ControlScreen
          canDecide={decidesCorrections(user)}
          tab={route.tab ?? 'log'}
          onTab={(tab) => navigate({ screen: 'control', tab })}
          onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })}
        />
      );
    case 'substitutions':
      return <SubstitutionsScreen />;
    case 'staff':
      return <StaffScreen />;
    case 'students':
      return <StudentsScreen onOpenClass={(classId) => navigate({ screen: 'class', classId })} />;
    case 'movement':
      return <MovementScreen canRecord={recordsMovement(user)} />;
    case 'exchange':
      return <ImportScreen />;
    case 'checklist':
      return <ChecklistScreen />;
    case 'setup':
      return <SetupScreen onOpen={(screen) => navigate({ screen })} />;
    case 'yearClose':
      return <YearCloseScreen />;
    case 'finalMarks':
      return <FinalMarksScreen />;
    case 'backups':
      return <BackupScreen canMake={makesBackups(user)} canRestore={restoresBackups(user)} />;
    case 'sync':
      return <SyncScreen seesDetail={seesSyncDetail(user)} isAdmin={isAdmin(user)} canResolve={resolvesConflicts(user)} />;
    case 'regulation':
      return <RegulationScreen readOnly={!isAdmin(user)} />;
    case 'class':
      return <ClassDeskScreen user={user} classId={route.classId} onPickClass={(classId) => navigate({ screen: 'class', classId })} />;
    case 'page':
      return (
        <JournalPageView
          key={`${route.assignmentId}|${route.lessonId ?? ''}`}
          assignmentId={route.assignmentId}
          lessonId={route.lessonId}
          date={route.date}
          user={user}
          onRemarksChanged={onRemarksChanged}
          onBack={() => navigate(route.back)}
        />
      );
  }
}
