// The year-end archive (R-PRINT-4) on the secretary's books: for each year the classes with
// their paper copies, the title page of the year's folder and whether the folder is bound
// (and kept until when); the title page previewed and printed into the register; the
// secretary records the folder bound, signed and sealed; and every bound document with the
// date from which it may be destroyed. The printable list is the book extract above.
import { useState } from 'react';
import { useAction } from '../../hooks/useAction';
import type { ResultOf } from '../../../../service/api';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { DateField } from '../../components/DateField';
import { PdfPreview } from '../../components/print/PdfPreview';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { SessionUser } from '../../types';

type ArchiveList = ResultOf<'archive.list'>;
type ClassYear = ArchiveList['years'][number]['classes'][number];

const STATUS: Record<ClassYear['status'], string> = {
  empty: 'копий нет',
  printed: 'копии напечатаны',
  title: 'титульный лист напечатан',
  bound: 'прошита',
};

export function ArchivePanel({ user }: { user: SessionUser }) {
  const list = useCall('archive.list', {});
  const [yearIdx, setYearIdx] = useState(0);
  const [open, setOpen] = useState<{ classId: string; mode: 'title' | 'bind' } | null>(null);
  const prints = user.roles.some((r) => r === 'secretary' || r === 'deputy' || r === 'admin');
  const binds = user.roles.includes('secretary');
  if (list.status === 'loading' && !list.stale) return <Loading />;
  if (list.status === 'error') return <ErrorBox message={list.error} onRetry={list.reload} />;
  const data = list.value ?? list.stale!;
  const year = data.years[yearIdx];
  if (!year) return <p className="muted">Учебных лет в журнале нет.</p>;
  const selected = open ? year.classes.find((c) => c.classId === open.classId) : undefined;
  return (
    <div className="archive" data-testid="archive">
      <div className="archive-head">
        {data.years.length > 1 && (
          <label className="field">
            <span>Учебный год</span>
            <select value={yearIdx} onChange={(e) => { setYearIdx(Number(e.target.value)); setOpen(null); }}>
              {data.years.map((y, i) => <option key={y.yearId} value={i}>{y.yearName}</option>)}
            </select>
          </label>
        )}
        {/* R-PRINT-4 */}
        <p data-testid="archive-summary">
          {`${year.yearName} учебный год: папки классов формируются не позднее ${formatRuDate(year.yearEnd)}. `}
          {`Журналы классов хранятся ${data.keepYears.classJournal} лет, сводные ведомости итоговых отметок — ${data.keepYears.yearFinal} лет.`}
          {!year.ended && ` До ${formatRuDate(year.yearEnd)} папку класса прошивают, только когда копии всех его периодов заверены и прошиты по итогам аттестации.`}
        </p>
      </div>
      {selected && open?.mode === 'title' && <TitlePrint key={selected.classId} cls={selected} onClose={() => setOpen(null)} onChanged={list.reload} />}
      {selected && open?.mode === 'bind' && <BindForm key={selected.classId} cls={selected} onClose={() => setOpen(null)} onChanged={list.reload} today={data.today} />}
      <table className="table compact" data-testid="archive-classes">
        <thead>
          <tr>
            <th>Класс</th>
            <th>Копии за периоды</th>
            <th>Листов в деле</th>
            <th>Титульный лист</th>
            <th>Папка за год</th>
            <th>Хранить до</th>
            <th>Итоговые отметки (25 лет)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {year.classes.map((c) => (
            <tr key={c.classId} data-testid="archive-class-row" data-class={c.className} className={open?.classId === c.classId ? 'selected' : undefined}>
              <td className="strong">{c.className}</td>
              <td>
                {c.periods.map((p) => (
                  <div key={p.periodId} className="nowrap">
                    {`${p.name}: `}
                    {p.copy ? `№ ${p.copy.docNo}, ${p.copy.sheets} л.${p.copy.status === 'stale' ? ', устарела' : ''}` : '—'}
                    {p.certified ? ' · прошита в папку периода' : ''}
                  </div>
                ))}
              </td>
              <td>{c.copies > 0 ? c.totalSheets : '—'}</td>
              <td>{c.title ? <>{`№ ${c.title.docNo} от ${formatRuDate(c.title.printedOn)}`}{c.title.status === 'stale' && <span className="bad-text"> · устарел</span>}</> : '—'}</td>
              <td data-testid="archive-status">
                {c.folder ? `прошита ${formatRuDate(c.folder.boundOn)}, «${c.folder.folder}», ${c.folder.sheets} л.` : STATUS[c.status]}
                {!c.folder && c.bindRefusal && <div className="muted archive-why" title={c.bindRefusal}>{shortRefusal(c, year.ended)}</div>}
              </td>
              <td>{c.folder ? `${formatRuDate(c.folder.keepUntil)}` : `${formatRuDate(c.keepUntil)} (после переплёта)`}</td>
              <td>{c.yearFinal ? `№ ${c.yearFinal.docNo}${c.yearFinal.boundOn ? `, прошита ${formatRuDate(c.yearFinal.boundOn)}; до ${formatRuDate(c.yearFinal.keepUntil)}` : ', не прошита'}` : '—'}</td>
              <td className="archive-actions">
                {prints && (
                  <button type="button" className="btn" data-testid="archive-title-btn" onClick={() => setOpen({ classId: c.classId, mode: 'title' })}>
                    Титульный лист…
                  </button>
                )}
                {binds && !c.folder && (
                  <button type="button" className="btn" data-testid="archive-bind-btn" disabled={c.bindRefusal !== null} title={c.bindRefusal ?? undefined}
                    onClick={() => setOpen({ classId: c.classId, mode: 'bind' })}>
                    Прошита…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Retention rows={data.retention} destroyableNow={data.destroyableNow} />
    </div>
  );
}

/** The reason a folder cannot be bound yet, in a few words (the whole reason is in the tooltip). */
function shortRefusal(c: ClassYear, yearEnded: boolean): string {
  const open = c.periods.filter((p) => !p.certified);
  if (!yearEnded && open.length > 0) return `ещё не прошивается: не прошиты копии ${open.map((p) => p.name).join(', ')}`;
  if (c.copies === 0) return 'прошивать нечего';
  if (!c.title) return 'нужен титульный лист';
  if (c.title.status === 'stale') return 'титульный лист устарел — напечатайте заново';
  return c.bindRefusal ?? '';
}

function TitlePrint({ cls, onClose, onChanged }: { cls: ClassYear; onClose(): void; onChanged(): void }) {
  const [preview, setPreview] = useState<ResultOf<'archive.preview'> | null>(null);
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="cert-detail" data-testid="archive-title">
      <h2>{`Титульный лист журнала ${cls.className} класса за год`}</h2>
      <div className="actions">
        <button type="button" className="btn" data-testid="archive-preview" disabled={busy}
          onClick={() => void run(async () => setPreview(await call('archive.preview', { classId: cls.classId })))}>
          Предпросмотр
        </button>
        <button type="button" className="btn primary" data-testid="archive-print" disabled={busy}
          onClick={() => void run(async () => {
            const r = await call('archive.printTitle', { classId: cls.classId });
            setNotice(`Титульный лист № ${r.docNo} сохранён и внесён в реестр: ${r.file}. В деле ${r.totalSheets} л.`);
            onChanged();
          })}>
          Напечатать в реестр
        </button>
        <button type="button" className="btn" onClick={onClose}>Закрыть</button>
        <FormError error={error} />
      </div>
      {notice && <p className="status info" role="status" data-testid="archive-notice">{notice}</p>}
      {busy && !preview && <Loading text="Титульный лист готовится…" />}
      {preview && <PdfPreview pdfBase64={preview.pdfBase64} title={preview.title} />}
    </div>
  );
}

function BindForm({ cls, today, onClose, onChanged }: { cls: ClassYear; today: string; onClose(): void; onChanged(): void }) {
  const [folder, setFolder] = useState('');
  const [boundOn, setBoundOn] = useState(today);
  const [sheets, setSheets] = useState(String(cls.totalSheets));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('archive.bindYear', { classId: cls.classId, folder, boundOn, sheets: Number(sheets) });
      onChanged();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="cert-detail" data-testid="archive-bind" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{`Папка ${cls.className} класса за год: пронумерована, прошита, подписана директором, скреплена печатью`}</h2>
      <div className="cert-actions">
        <label className="field">
          <span>Дело (папка)</span>
          <input data-testid="archive-folder" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="Дело № 02-15" />
        </label>
        <label className="field">
          <span>Дата</span>
          <DateField testId="archive-date" value={boundOn} max={today} onChange={setBoundOn} />
        </label>
        <label className="field">
          <span>Листов (по титульному листу)</span>
          <input type="number" min={1} data-testid="archive-sheets" value={sheets} onChange={(e) => setSheets(e.target.value)} />
        </label>
        <button type="submit" className="btn primary" data-testid="archive-bind-save" disabled={busy}>Записать</button>
        <button type="button" className="btn" onClick={onClose}>Отмена</button>
      </div>
      <FormError error={error} />
    </form>
  );
}

function Retention({ rows, destroyableNow }: { rows: ArchiveList['retention']; destroyableNow: number }) {
  return (
    <section className="archive-retention">
      <h2>Сроки хранения</h2>
      <p className="muted">
        {destroyableNow > 0 ? `Можно уничтожить сейчас (по акту): ${destroyableNow}.` : 'Сейчас уничтожать нечего.'}
        {' Списком для печати — кнопка «Печать книги…» выше.'}
      </p>
      {rows.length === 0 ? <p className="muted">Прошитых дел ещё нет.</p> : (
        <table className="table compact" data-testid="archive-retention">
          <thead>
            <tr>
              <th>Документ, дело</th>
              <th>Листов</th>
              <th>Прошит</th>
              <th>Срок</th>
              <th>Хранить до</th>
              <th>Уничтожение</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="archive-retention-row">
                <td>{`${r.title}${r.folder ? `; «${r.folder}»` : ''}`}</td>
                <td>{r.sheets}</td>
                <td>{formatRuDate(r.boundOn)}</td>
                <td>{`${r.keepYears} лет`}</td>
                <td>{formatRuDate(r.keepUntil)}</td>
                <td className={r.destroyable ? 'warn' : undefined}>{r.destroyable ? 'можно уничтожить сейчас' : `можно уничтожить с ${formatRuDate(r.destroyFrom)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
