// Step «Заместители» (R-ROLE-4): which parallels each deputy oversees; their control screens
// and the certification open on those classes. Deputies are staff with the deputy's role.
import { useState } from 'react';
import { call } from '../../api';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { StepHead } from './SetupScreen';
import type { StaffMember, StepProps } from './setup-model';

export function DeputiesStep({ onOpenStaff }: StepProps & { onOpenStaff(): void }) {
  const staff = useCall('staff.list', {});
  const grades = useCall('setup.deputyGrades', {});
  if (staff.status === 'error') return <ErrorBox message={staff.error} onRetry={staff.reload} />;
  if (grades.status === 'error') return <ErrorBox message={grades.error} onRetry={grades.reload} />;
  // After a save the last answer stays on screen while it is read again (the rows keep their state).
  const staffList = staff.value ?? staff.stale;
  const gradeList = grades.value ?? grades.stale;
  if (!staffList || !gradeList) return <Loading />;
  const deputies = staffList.filter((s) => s.active && s.roles.includes('deputy'));
  return (
    <div className="setup-form" data-testid="deputies-step">
      <StepHead title="Заместители директора">Какие параллели курирует каждый заместитель: его экраны контроля и аттестации открываются на этих классах.</StepHead>
      {deputies.length === 0 && (
        <p className="status info">
          Нет сотрудников с ролью «заместитель директора». Назначьте роль{' '}
          <button type="button" className="link" onClick={onOpenStaff}>
            в разделе «Сотрудники»
          </button>
          .
        </p>
      )}
      {deputies.map((d) => (
        <DeputyRow key={d.id} deputy={d} initial={gradeList.filter((g) => g.staffId === d.id).map((g) => g.grade)} onSaved={grades.reload} />
      ))}
    </div>
  );
}

function DeputyRow({ deputy, initial, onSaved }: { deputy: StaffMember; initial: number[]; onSaved(): void }) {
  const [picked, setPicked] = useState(() => new Set(initial));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const toggle = (g: number) => {
    const next = new Set(picked);
    if (next.has(g)) next.delete(g);
    else next.add(g);
    setPicked(next);
    setSaved(false);
  };
  return (
    <fieldset className="setup-deputy" data-testid="deputy-row" data-login={deputy.login}>
      <legend>{deputy.fullName}</legend>
      {Array.from({ length: 11 }, (_, i) => i + 1).map((g) => (
        <label key={g} className="setup-check">
          <input type="checkbox" data-grade={g} checked={picked.has(g)} onChange={() => toggle(g)} /> {g}
        </label>
      ))}
      <button
        type="button"
        className="btn small primary"
        data-testid="deputy-save"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            await call('setup.setDeputyGrades', { staffId: deputy.id, grades: [...picked].sort((a, b) => a - b) });
            setSaved(true);
            onSaved();
          })
        }
      >
        Сохранить
      </button>
      {saved && <span className="ok-text">Сохранено.</span>}
      <FormError error={action.error} />
    </fieldset>
  );
}
