// The left navigation: what each role works with (R-ROLE-2…5).
import { decidesCorrections, isTeacher, seesWholeSchool, type ListRoute } from '../route';
import type { SessionUser } from '../types';

interface Props {
  user: SessionUser;
  current: ListRoute['screen'];
  onNavigate(route: ListRoute): void;
}

interface Item {
  route: ListRoute;
  label: string;
  testId: string;
}

export function NavBar({ user, current, onNavigate }: Props) {
  const items: Item[] = [];
  if (isTeacher(user)) {
    items.push({ route: { screen: 'today' }, label: 'Сегодня', testId: 'nav-today' });
    items.push({ route: { screen: 'pages' }, label: 'Мои страницы журнала', testId: 'nav-pages' });
  }
  if (seesWholeSchool(user)) {
    items.push({ route: { screen: 'overview' }, label: 'Обзор школы', testId: 'nav-overview' });
    items.push({ route: { screen: 'classes', classId: null }, label: 'Журнал по классам', testId: 'nav-classes' });
  }
  if (decidesCorrections(user)) {
    items.push({ route: { screen: 'corrections' }, label: 'Заявки на исправление', testId: 'nav-corrections' });
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
            </button>
          </li>
        ))}
      </ul>
      {items.length === 0 && <p className="muted nav-empty">Для вашей учётной записи нет разделов журнала.</p>}
    </nav>
  );
}
