// The school's list of kinds of work (R-REC-2): the administrator adds, renames and
// retires them; others read the list. A retired kind stays on the marks that have it.
import { useState, type FormEvent } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { formatDecimal } from '../../format';
import { useCall } from '../../hooks/useCall';
import { ErrorBox, Loading } from '../Status';

type Kind = ResultOf<'workKind.list'>[number];

/** The weights a kind of work may have (the service takes 0,5 to 5). */
const WEIGHTS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] as const;

export function WorkKindsEditor({ readOnly }: { readOnly: boolean }) {
  const kinds = useCall('workKind.list', {});
  const [error, setError] = useState<string | null>(null);
  const save = async (k: Omit<Kind, 'id'> & { id?: string }) => {
    setError(null);
    try {
      await call('workKind.save', { id: k.id, code: k.code, name: k.name, written: k.written, weight: k.weight, retired: k.retired });
      kinds.reload();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };
  return (
    <section className="work-kinds" data-testid="work-kinds" aria-labelledby="work-kinds-title">
      <h2 id="work-kinds-title">Виды работ</h2>
      {kinds.status === 'loading' && <Loading />}
      {kinds.status === 'error' && <ErrorBox message={kinds.error} onRetry={kinds.reload} />}
      {error && <p className="form-error" role="alert" data-testid="work-kind-error">{error}</p>}
      {kinds.status === 'ok' && (
        <table className="table compact">
          <thead>
            <tr>
              <th>Обозначение</th>
              <th>Название</th>
              <th>Письменная</th>
              <th>Вес</th>
              <th>В употреблении</th>
            </tr>
          </thead>
          <tbody>
            {kinds.value.map((k) => (
              <tr key={k.id} data-testid="work-kind-row" className={k.retired ? 'muted' : undefined}>
                <td>{k.code}</td>
                <td>{k.name}</td>
                <td>{k.written ? 'да' : 'нет'}</td>
                <td>
                  {readOnly ? formatDecimal(k.weight, 1, true) : (
                    // Issue 14 point 4: the weight of a kind in the weighted averages (page, day-1 check, forecasts).
                    <select
                      aria-label={`Вес вида работы «${k.code}»`}
                      data-testid="work-kind-row-weight"
                      value={String(k.weight)}
                      onChange={(e) => void save({ ...k, weight: Number(e.target.value) })}
                    >
                      {[...new Set([...WEIGHTS, k.weight])].sort((a, b) => a - b).map((w) => (
                        <option key={w} value={String(w)}>
                          {formatDecimal(w, 1, true)}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  {readOnly ? (k.retired ? 'нет' : 'да') : (
                    <button type="button" className="btn small" onClick={() => void save({ ...k, retired: !k.retired })}>
                      {k.retired ? 'Вернуть' : 'Вывести из употребления'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!readOnly && <NewKind onSave={save} />}
    </section>
  );
}

function NewKind({ onSave }: { onSave(k: Omit<Kind, 'id'>): Promise<boolean> }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [written, setWritten] = useState(true);
  const [weight, setWeight] = useState('1');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onSave({ code: code.trim(), name: name.trim(), written, weight: Number(weight), retired: false })) {
      setCode('');
      setName('');
    }
  };
  return (
    <form className="work-kind-new" onSubmit={(e) => void submit(e)} data-testid="work-kind-form">
      <input data-testid="work-kind-code" placeholder="Обозначение" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
      <input data-testid="work-kind-name" placeholder="Название" maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
      <label className="check">
        <input type="checkbox" checked={written} onChange={(e) => setWritten(e.target.checked)} />
        <span>письменная</span>
      </label>
      <label>
        <span className="muted">вес </span>
        {/* A list rather than a number field: the field would write its value as the system's locale does (1.5). */}
        <select data-testid="work-kind-weight" value={weight} onChange={(e) => setWeight(e.target.value)}>
          {WEIGHTS.map((w) => (
            <option key={w} value={String(w)}>
              {formatDecimal(w, 1, true)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn small primary" data-testid="work-kind-add">Добавить</button>
    </form>
  );
}
