// The window after sign-in: top bar, navigation by role, and the current screen.
import { useState } from 'react';
import { homeRoute, type ListRoute, type Route } from '../route';
import { ClassJournals } from '../screens/ClassJournals';
import { CorrectionsScreen } from '../screens/CorrectionsScreen';
import { JournalPageView } from '../screens/JournalPageView';
import { MyPagesScreen } from '../screens/MyPagesScreen';
import { SchoolOverview } from '../screens/SchoolOverview';
import { TeacherHome } from '../screens/TeacherHome';
import type { AppInfo, SessionUser } from '../types';
import { NavBar } from './NavBar';
import { TopBar } from './TopBar';

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
  const navigate = (to: ListRoute) => {
    setVisit((n) => n + 1);
    setRoute(to);
  };

  return (
    <div className="shell">
      <TopBar info={info} user={user} onSignOut={onSignOut} />
      <NavBar user={user} current={section.screen} onNavigate={navigate} />
      <main className="content" id="content">
        <Screen key={visit} route={route} navigate={setRoute} />
      </main>
    </div>
  );
}

function Screen({ route, navigate }: { route: Route; navigate(route: Route): void }) {
  switch (route.screen) {
    case 'today':
      return (
        <TeacherHome
          onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })}
          onOpenLesson={(assignmentId, lessonId, date) => navigate({ screen: 'page', assignmentId, lessonId, date, back: route })}
        />
      );
    case 'pages':
      return <MyPagesScreen onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })} />;
    case 'overview':
      return <SchoolOverview onOpenClass={(classId) => navigate({ screen: 'classes', classId })} />;
    case 'classes':
      return (
        <ClassJournals
          classId={route.classId}
          onPickClass={(classId) => navigate({ screen: 'classes', classId })}
          onOpenPage={(assignmentId) => navigate({ screen: 'page', assignmentId, back: route })}
        />
      );
    case 'corrections':
      return <CorrectionsScreen />;
    case 'page':
      return (
        <JournalPageView
          key={`${route.assignmentId}|${route.lessonId ?? ''}`}
          assignmentId={route.assignmentId}
          lessonId={route.lessonId}
          date={route.date}
          onBack={() => navigate(route.back)}
        />
      );
  }
}
