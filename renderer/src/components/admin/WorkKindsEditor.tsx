// The school's list of kinds of work (R-REC-2): the administrator adds, renames and
// retires them; others read the list. A retired kind stays on the marks that have it.
import { useState, type FormEvent } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { useCall } from '../../hooks/useCall';
import { ErrorBox, Loading } from '../Status';

type Kind = ResultOf<'workKind.list'>[number];

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
                <td>{k.weight}</td>
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
        <input type="number" min={0.5} max={5} step={0.5} value={weight} onChange={(e) => setWeight(e.target.value)} />
      </label>
      <button type="submit" className="btn small primary" data-testid="work-kind-add">Добавить</button>
    </form>
  );
}
