// «Импорт и экспорт» (administrator, R-ROLE-6): the school's tables from the files it already
// has — class lists, staff, curriculum, timetable, thematic plans — from XLSX or CSV. The
// picked file goes to exchange.preview as base64; the table shows each row's fate (new,
// update, duplicate, error with its column) before anything is written; columns whose
// headers differ are matched by hand; bad rows are fixed in the file or skipped; the commit
// writes the whole file in one transaction (exchange.commit). Templates and exports are XLSX.
import { useState } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../people.css';
import '../../exchange.css';

type Kind = 'students' | 'staff' | 'curriculum' | 'timetable' | 'plans';
type Preview = ResultOf<'exchange.preview'>;
type Encoding = 'utf-8' | 'windows-1251';

const FATE_WORDS: Record<Preview['rows'][number]['fate'], string> = {
  new: 'новая', update: 'обновление', duplicate: 'уже есть', error: 'ошибка', skipped: 'пропущена',
};

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function download(fileName: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The other encoding a refusal names («… сохранён в кодировке Windows-1251»). */
const suggestedEncoding = (message: string): Encoding | null => {
  const m = /сохранён в кодировке (UTF-8|Windows-1251)/.exec(message);
  return m ? (m[1] === 'UTF-8' ? 'utf-8' : 'windows-1251') : null;
};

export function ImportScreen() {
  const kinds = useCall('exchange.kinds', {});
  const [kind, setKind] = useState<Kind>('students');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [encoding, setEncoding] = useState<Encoding | undefined>(undefined);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [skip, setSkip] = useState<number[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const args = (f: { name: string; base64: string }, over: { encoding?: Encoding; mapping?: Record<string, string>; skip?: number[] } = {}) => ({
    kind, fileBase64: f.base64, fileName: f.name, encoding: over.encoding ?? encoding,
    mapping: Object.keys(over.mapping ?? mapping).length > 0 ? (over.mapping ?? mapping) : undefined,
    skip: (over.skip ?? skip).length > 0 ? (over.skip ?? skip) : undefined,
  });

  const check = async (f: { name: string; base64: string }, over: { encoding?: Encoding; mapping?: Record<string, string>; skip?: number[] } = {}) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setPreview(await call('exchange.preview', args(f, over)));
    } catch (err) {
      setPreview(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const pick = async (input: HTMLInputElement) => {
    const picked = input.files?.[0];
    if (!picked) return;
    const f = { name: picked.name, base64: toBase64(await picked.arrayBuffer()) };
    setFile(f);
    setEncoding(undefined);
    setMapping({});
    setSkip([]);
    await check(f, { encoding: undefined, mapping: {}, skip: [] });
  };

  const commit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('exchange.commit', args(file));
      setDone(`Загружено: новых строк ${r.created}, обновлений ${r.updated}; уже было ${r.duplicates}, пропущено ${r.skipped}.`);
      setPreview(null);
      setFile(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const getFile = async (method: 'exchange.template' | 'exchange.exportFile') => {
    setError(null);
    try {
      const r = await call(method, { kind });
      download(r.fileName, r.base64);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const other = error ? suggestedEncoding(error) : null;
  const errors = preview ? preview.summary.error : 0;
  const writable = preview && preview.missing.length === 0 && errors === 0 && preview.summary.new + preview.summary.update > 0;

  return (
    <section className="panel people-screen exchange-screen" aria-labelledby="exchange-title">
      <div className="panel-head">
        <h1 id="exchange-title">Импорт и экспорт</h1>
      </div>
      {kinds.status === 'error' && <ErrorBox message={kinds.error} onRetry={kinds.reload} />}
      {kinds.status === 'loading' && <Loading />}
      {kinds.value && (
        <div className="exchange-controls">
          <label>
            Таблица{' '}
            <select value={kind} data-testid="exchange-kind" onChange={(e) => {
              setKind(e.target.value as Kind);
              setPreview(null);
              setFile(null);
              setError(null);
              setDone(null);
            }}>
              {kinds.value.kinds.map((k) => <option key={k.kind} value={k.kind}>{k.title}</option>)}
            </select>
          </label>
          <label className="btn exchange-file">
            Выбрать файл XLSX или CSV…
            <input type="file" accept=".xlsx,.csv,.txt" data-testid="exchange-file" onChange={(e) => void pick(e.currentTarget)} />
          </label>
          <button type="button" className="btn" data-testid="exchange-template" onClick={() => void getFile('exchange.template')}>Скачать шаблон</button>
          <button type="button" className="btn" data-testid="exchange-export" onClick={() => void getFile('exchange.exportFile')}>Выгрузить в XLSX</button>
          <span className="exchange-hint">Не больше {kinds.value.maxRows.toLocaleString('ru-RU')} строк в файле.</span>
        </div>
      )}
      {busy && <Loading />}
      {error && (
        <div className="status error" role="alert" data-testid="exchange-error">
          {error}
          {other && file && (
            <button type="button" className="btn" data-testid="exchange-other-encoding" onClick={() => { setEncoding(other); void check(file, { encoding: other }); }}>
              Открыть в кодировке {other === 'utf-8' ? 'UTF-8' : 'Windows-1251'}
            </button>
          )}
        </div>
      )}
      {done && <p className="status ok" role="status" data-testid="exchange-done">{done}</p>}
      {preview && file && (
        <>
          <p className="status info" data-testid="exchange-summary">
            {file.name}: {preview.format === 'xlsx' ? 'книга Excel' : `CSV, ${preview.encoding === 'windows-1251' ? 'Windows-1251' : 'UTF-8'}, разделитель «${preview.delimiter === '\t' ? 'табуляция' : preview.delimiter}»`}; учебный год {preview.year.name}.
            {' '}Строк: {preview.summary.total}; новых {preview.summary.new}, обновлений {preview.summary.update}, уже есть {preview.summary.duplicate}, с ошибками {preview.summary.error}, пропущено {preview.summary.skipped}.
          </p>
          <fieldset className="exchange-mapping" data-testid="exchange-mapping">
            <legend>Столбцы файла</legend>
            {preview.columns.map((c) => (
              <label key={c.field} className={c.required && !c.header ? 'missing' : ''}>
                {c.label}{c.required ? ' *' : ''}
                <select value={c.header ?? ''} data-testid={`map-${c.field}`} onChange={(e) => {
                  const next = { ...mapping, [c.field]: e.target.value };
                  setMapping(next);
                  void check(file, { mapping: next });
                }}>
                  <option value="">— нет —</option>
                  {preview.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                </select>
              </label>
            ))}
          </fieldset>
          {preview.missing.length > 0 && (
            <p className="status error" role="alert" data-testid="exchange-missing">
              Не найдены столбцы: {preview.missing.join(', ')}. Выберите выше, какой столбец файла им соответствует.
            </p>
          )}
          {preview.rows.length > 0 && (
            <div className="exchange-table-wrap">
              <table className="data exchange-table" data-testid="exchange-rows">
                <thead>
                  <tr><th>Строка</th><th>Что будет</th><th>Запись</th><th>Ошибки и примечания</th><th>Пропустить</th></tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.row} className={`fate-${r.fate}`} data-testid="exchange-row" data-row={r.row} data-fate={r.fate}>
                      <td>{r.row}</td>
                      <td>{FATE_WORDS[r.fate]}</td>
                      <td>{r.label}</td>
                      <td>{r.errors.length > 0 ? r.errors.map((e, i) => <div key={i}>{e.message.startsWith(e.column) ? e.message : `«${e.column}»: ${e.message}`}</div>) : r.note}</td>
                      <td>
                        {(r.fate === 'error' || r.fate === 'skipped') && (
                          <input type="checkbox" aria-label={`Пропустить строку ${r.row}`} data-testid="exchange-skip" checked={skip.includes(r.row)} onChange={(e) => {
                            const next = e.target.checked ? [...skip, r.row] : skip.filter((n) => n !== r.row);
                            setSkip(next);
                            void check(file, { skip: next });
                          }} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="exchange-actions">
            {errors > 0 && <span className="status error">Строки с ошибками: {errors}. Исправьте их в файле и выберите его снова или отметьте «Пропустить».</span>}
            <button type="button" className="btn primary" data-testid="exchange-commit" disabled={!writable || busy} onClick={() => void commit()}>
              Загрузить
            </button>
          </div>
        </>
      )}
    </section>
  );
}
