// «Регламент»: the school's regulation profile — entry deadlines, the mark scale, minimum
// marks, the idle lock (R-REC-2, R-TIME-1…6, R-PRINT-2, R-ROLE-7). The administrator sets
// it up (R-ROLE-6): every change needs its basis (an order of the director) and goes on
// record; only the changed settings are sent. Others may see it read-only.
import { useState, type FormEvent } from 'react';
import { ApiError, call, errorMessage } from '../../api';
import {
  FIELDS,
  formatValue,
  labelOf,
  MARKS,
  parseField,
  SECTIONS,
  sameValue,
  toDraft,
  type Draft,
  type FieldDef,
  type Mark,
  type Profile,
} from '../../components/admin/regulation-fields';
import { plural } from '../../components/admin/format-admin';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { ArgsOf } from '../../../../service/api';
import { WorkKindsEditor } from '../../components/admin/WorkKindsEditor';

interface Props {
  /** Shown for reference only (roles other than the administrator). */
  readOnly?: boolean;
}

export function RegulationScreen({ readOnly = false }: Props) {
  const got = useCall('regulation.get', {});
  return (
    <section className="panel regulation-screen" aria-labelledby="regulation-title">
      <h1 id="regulation-title">Регламент ведения журнала</h1>
      <p className="muted">
        {readOnly
          ? 'Правила школы, по которым программа проверяет записи в журнале. Изменяет их администратор по приказу директора.'
          : 'Правила школы, по которым программа проверяет записи в журнале. Каждое изменение вносится по приказу и сохраняется в истории.'}
      </p>
      {got.status === 'loading' && <Loading />}
      {got.status === 'error' && <ErrorBox message={got.error} onRetry={got.reload} />}
      {got.status === 'ok' && <RegulationForm profile={got.value.profile} defaults={got.value.defaults} readOnly={readOnly} />}
      <WorkKindsEditor readOnly={readOnly} />
    </section>
  );
}

type Changes = ArgsOf<'regulation.update'>['changes'];

/** The service's VALIDATION message with field paths («changes.oralMarkDays», «reason») in Russian. */
function explain(message: string): string {
  return message.replace(/«(?:changes\.)?([A-Za-z]+)(?:\.\d+)?»/g, (whole, key: string) => {
    if (key === 'reason') return '«Основание»';
    const label = labelOf(key);
    return label ? `«${label}»` : whole;
  });
}

function RegulationForm({ profile: loaded, defaults, readOnly }: { profile: Profile; defaults: Profile; readOnly: boolean }) {
  const [profile, setProfile] = useState<Profile>(loaded);
  const [draft, setDraft] = useState<Draft>(() => toDraft(loaded));
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const parsed = FIELDS.map((f) => ({ f, p: parseField(f, draft) }));
  const invalid = parsed.filter((x) => !x.p.ok);
  const changed = parsed.filter((x) => x.p.ok && !sameValue(x.p.value, profile[x.f.key]));
  const dirty = invalid.length > 0 || changed.length > 0;

  const edit = (d: Partial<Draft>) => {
    setDraft((prev) => ({ ...prev, ...d }));
    setSaved(null);
    setError(null);
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy || readOnly) return;
    setSaved(null);
    if (invalid.length > 0) return setError({ message: 'Исправьте значения, отмеченные красным.', code: 'CLIENT' });
    if (changed.length === 0) return setError({ message: 'Ничего не изменено.', code: 'CLIENT' });
    if (!reason.trim()) {
      setReasonMissing(true);
      return setError({ message: 'Укажите основание изменения: номер и дату приказа.', code: 'CLIENT' });
    }
    const changes: Record<string, unknown> = {};
    for (const { f, p } of changed) if (p.ok) changes[f.key] = p.value;
    setBusy(true);
    setError(null);
    try {
      const result = await call('regulation.update', { changes: changes as Changes, reason: reason.trim() });
      setProfile(result.profile);
      setDraft(toDraft(result.profile));
      setReason('');
      setReasonMissing(false);
      setSaved(`Регламент изменён: ${changed.map(({ f }) => `${f.label}: ${formatValue(f, result.profile[f.key])}`).join('; ')}.`);
    } catch (err) {
      setError({ message: explain(errorMessage(err)), code: err instanceof ApiError ? err.code : 'INTERNAL' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form data-testid="regulation-form" className="regulation-form" onSubmit={save} noValidate aria-readonly={readOnly || undefined}>
      <table className="table regulation-table">
        <thead>
          <tr>
            <th>Параметр</th>
            <th>{readOnly ? 'Действует' : 'Значение'}</th>
            <th>По умолчанию</th>
          </tr>
        </thead>
        {SECTIONS.map((section) => (
          <tbody key={section.title}>
            <tr className="regulation-section">
              <th colSpan={3} scope="colgroup">
                {section.title}
              </th>
            </tr>
            {section.fields.map((f) => {
              const p = parseField(f, draft);
              const isChanged = p.ok && !sameValue(p.value, profile[f.key]);
              const notDefault = !sameValue(profile[f.key], defaults[f.key]);
              return (
                <tr key={f.key} className={isChanged ? 'regulation-row changed' : 'regulation-row'} data-key={f.key}>
                  <th scope="row" className="regulation-label">
                    <label htmlFor={readOnly ? undefined : `regulation-${f.key}`}>{f.label}</label>
                    {f.hint && <span className="muted regulation-hint">{f.hint}</span>}
                  </th>
                  <td className="regulation-value">
                    {readOnly ? (
                      <span data-testid={`regulation-field-${f.key}`}>{formatValue(f, profile[f.key])}</span>
                    ) : (
                      <FieldInput f={f} draft={draft} onEdit={edit} disabled={busy} />
                    )}
                    {!readOnly && !p.ok && (
                      <span className="regulation-invalid" role="alert">
                        {p.message}
                      </span>
                    )}
                    {!readOnly && isChanged && <span className="regulation-was muted">было: {formatValue(f, profile[f.key])}</span>}
                  </td>
                  <td className="regulation-default">
                    <div className="regulation-default-inner">
                      <span>{formatValue(f, defaults[f.key])}</span>
                      {notDefault && <span className="badge warn">изменено школой</span>}
                      {!readOnly && !sameValue(p.ok ? p.value : profile[f.key], defaults[f.key]) && (
                        <button type="button" className="link small-link" disabled={busy} onClick={() => edit({ [f.key]: toDraft(defaults)[f.key] })}>
                          вернуть
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
      {!readOnly && (
        <div className="regulation-footer">
          <label className="field regulation-reason">
            <span>
              Основание (приказ) <span className="required">обязательно</span>
            </span>
            <input
              data-testid="regulation-reason"
              name="reason"
              maxLength={500}
              placeholder="Например: приказ № 45 от 20.11.2026"
              aria-invalid={(reasonMissing && !reason.trim()) || undefined}
              disabled={busy}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setError(null);
              }}
            />
          </label>
          {error && (
            <p data-testid="regulation-error" data-code={error.code} className="status error" role="alert">
              {error.message}
            </p>
          )}
          {saved && (
            <p data-testid="regulation-saved" className="status ok" role="status">
              {saved}
            </p>
          )}
          <div className="regulation-actions">
            <button data-testid="regulation-save" type="submit" className="btn primary" disabled={busy || !dirty}>
              {busy ? 'Сохранение…' : changed.length > 0 ? `Сохранить изменения (${changed.length})` : 'Сохранить изменения'}
            </button>
            <button
              type="button"
              className="btn"
              disabled={busy || !dirty}
              onClick={() => {
                setDraft(toDraft(profile));
                setError(null);
              }}
            >
              Отменить правку
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

function FieldInput({ f, draft, onEdit, disabled }: { f: FieldDef; draft: Draft; onEdit(d: Partial<Draft>): void; disabled: boolean }) {
  const id = `regulation-${f.key}`;
  const invalid = !parseField(f, draft).ok || undefined;
  switch (f.kind) {
    case 'scale': {
      const toggle = (m: Mark, on: boolean) =>
        onEdit({ markScale: MARKS.filter((x) => (x === m ? on : draft.markScale.includes(x))) });
      return (
        <fieldset id={id} data-testid={`regulation-field-${f.key}`} className="mark-scale" aria-invalid={invalid} disabled={disabled}>
          <legend className="adm-hidden-label">{f.label}</legend>
          {MARKS.map((m) => (
            <label key={m} className="mark-choice">
              <input
                type="checkbox"
                data-testid={`regulation-mark-${m}`}
                checked={draft.markScale.includes(m)}
                onChange={(e) => toggle(m, e.target.checked)}
              />
              <span>{m}</span>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'time':
      return (
        <input
          id={id}
          data-testid={`regulation-field-${f.key}`}
          className="regulation-time"
          inputMode="numeric"
          placeholder="ЧЧ:ММ"
          maxLength={5}
          aria-invalid={invalid}
          disabled={disabled}
          value={draft.lessonEntryUntilNextDay}
          onChange={(e) => onEdit({ lessonEntryUntilNextDay: e.target.value })}
        />
      );
    case 'number': {
      const n = Number(draft[f.key]);
      return (
        <span className="regulation-number">
          <input
            id={id}
            data-testid={`regulation-field-${f.key}`}
            type="number"
            min={f.min}
            max={f.max}
            step={1}
            aria-invalid={invalid}
            disabled={disabled}
            value={draft[f.key]}
            onChange={(e) => onEdit({ [f.key]: e.target.value })}
          />
          <span className="muted">{[Number.isInteger(n) ? plural(n, ...f.unit) : f.unit[2], f.tail].filter(Boolean).join(' ')}</span>
        </span>
      );
    }
  }
}
