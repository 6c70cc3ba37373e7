// Step «Школа»: the full name as in the charter, the short name, the address, and the titles
// printed on paper copies instead of fixed text — who certifies a copy (the deputy «по УВР»
// or «по УР», or the journal's administrator, R-ROLE-4) and the director's title (R-ROLE-6).
import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { Saved, StepHead } from './SetupScreen';
import type { StepProps } from './setup-model';

const CERTIFIERS = ['Заместитель директора по УВР', 'Заместитель директора по УР', 'Администратор электронного журнала'];

export function SchoolStep({ onSaved, onOpenStaff }: StepProps & { onOpenStaff(): void }) {
  const details = useCall('setup.schoolDetails', {});
  if (details.status === 'error') return <ErrorBox message={details.error} onRetry={details.reload} />;
  if (details.status === 'loading') return <Loading />;
  return <SchoolForm initial={details.value} onSaved={onSaved} onOpenStaff={onOpenStaff} />;
}

interface FormProps {
  initial: { fullName: string; shortName: string; address: string; certifierTitle: string; directorTitle: string };
  onSaved(): void;
  onOpenStaff(): void;
}

function SchoolForm({ initial, onSaved, onOpenStaff }: FormProps) {
  const [form, setForm] = useState({ fullName: initial.fullName, shortName: initial.shortName, address: initial.address, certifierTitle: initial.certifierTitle, directorTitle: initial.directorTitle });
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setSaved(null);
    setForm({ ...form, [k]: e.target.value });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await call('setup.saveSchool', { fullName: form.fullName, shortName: form.shortName, address: form.address, certifierTitle: form.certifierTitle, directorTitle: form.directorTitle });
      setSaved('Сведения о школе сохранены.');
      onSaved();
    });
  };
  return (
    <form className="setup-form" data-testid="school-form" onSubmit={submit} noValidate>
      <StepHead title="Школа">Наименования и должности печатаются на титульных листах и в заверительных надписях бумажных копий журнала.</StepHead>
      <label className="field">
        <span>Полное наименование (как в уставе)</span>
        <input data-testid="school-full-name" value={form.fullName} maxLength={300} onChange={set('fullName')} />
      </label>
      <div className="setup-pair">
        <label className="field">
          <span>Краткое наименование</span>
          <input data-testid="school-short-name" value={form.shortName} maxLength={100} onChange={set('shortName')} />
        </label>
        <label className="field">
          <span>Адрес</span>
          <input data-testid="school-address" value={form.address} maxLength={300} onChange={set('address')} />
        </label>
      </div>
      <div className="setup-pair">
        <label className="field">
          <span>Должность руководителя</span>
          <input data-testid="school-director-title" value={form.directorTitle} maxLength={120} onChange={set('directorTitle')} />
        </label>
        <label className="field">
          <span>Кто заверяет бумажные копии (должность)</span>
          <input data-testid="school-certifier-title" list="setup-certifiers" value={form.certifierTitle} maxLength={120} onChange={set('certifierTitle')} />
          <datalist id="setup-certifiers">
            {CERTIFIERS.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
      </div>
      <p className="muted">
        Директор — сотрудник с ролью «директор»; сотрудники и их роли —{' '}
        <button type="button" className="link" onClick={onOpenStaff}>
          в разделе «Сотрудники»
        </button>
        .
      </p>
      <div className="form-actions">
        <button type="submit" className="btn primary" data-testid="school-save" disabled={action.busy}>
          Сохранить
        </button>
        <FormError error={action.error} />
        <Saved text={saved} testId="school-saved" />
      </div>
    </form>
  );
}
