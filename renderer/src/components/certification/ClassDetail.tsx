// One class of the certification: each of the five days with who and when, the subjects
// with their confirmations and signatures, what holds the class up, and the actions of the
// day for the signed-in person (R-PRINT-2, 004 §4). The service checks every action again.
import { useEffect, useRef, useState } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import type { SessionUser } from '../../types';
import { FormError } from '../Status';
import { dateTime, STEP_HEADS, STEP_ORDER, stepClass, stepText, subjectLabel, type CampaignInfo, type ClassState } from './cert-model';

interface Props {
  campaign: CampaignInfo;
  cls: ClassState;
  user: SessionUser;
  onChanged(): void;
}

export function ClassDetail({ campaign, cls, user, onChanged }: Props) {
  const [override, setOverride] = useState('');
  const [folder, setFolder] = useState(`Классные журналы, ${campaign.periodName} ${campaign.yearName}`);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const has = (r: string) => user.roles.includes(r as SessionUser['roles'][number]);
  const rec = cls.record;
  const s = cls.steps;
  const unconfirmed = cls.subjects.filter((x) => x.graded && !x.confirmedAt);
  const unsigned = cls.subjects.filter((x) => !x.signedAt);
  const id = { campaignId: campaign.id, classId: cls.classId };
  // Opened from a row of the matrix below: brought into view (once per class, keyed by it).
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'start' });
  }, []);

  const act = async (fn: () => Promise<string | void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const m = await fn();
      if (m) setMessage(m);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cert-detail" data-testid="cert-class-detail" ref={box}>
      <h2>{`${cls.className}: аттестация за ${campaign.periodName}`}</h2>
      <p className="muted">{`Классный руководитель: ${cls.classTeacherName ?? 'не назначен'}`}</p>
      {cls.blockers.length > 0 && (
        <ul className="banner warn" data-testid="cert-blockers">
          {cls.blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      {cls.current === null && <p className="banner ok" data-testid="cert-class-done">Копия журнала заверена, подписана, скреплена печатью и вложена в папку.</p>}
      <table className="table compact">
        <tbody>
          {STEP_ORDER.map((k) => (
            <tr key={k}>
              <th>{STEP_HEADS[k]}</th>
              <td className={stepClass(s[k])} data-testid={`cert-detail-${k}`}>{stepText(s[k])}</td>
              <td>{`до ${formatRuDate(s[k].dueOn)}`}</td>
              <td>{[s[k].by, dateTime(s[k].at)].filter(Boolean).join(', ')}</td>
              <td className="small-text">{s[k].note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rec?.print_doc_no && <p className="small-text">{`Копия: документ № ${rec.print_doc_no}, напечатана ${dateTime(rec.printed_at)}.`}</p>}
      {rec?.handed_at && (
        <p className="small-text">{`Сдана секретарю ${dateTime(rec.handed_at)}; подпись директора: ${rec.director_signed_at ? dateTime(rec.director_signed_at) : 'нет'}; печать: ${rec.sealed_at ? dateTime(rec.sealed_at) : 'нет'}; папка: ${rec.folder || '—'}${rec.bound_on ? `, прошита ${formatRuDate(rec.bound_on)}` : ''}.`}</p>
      )}

      <div className="cert-actions">
        {has('deputy') && (s.print.status === 'open' || s.print.status === 'stale' || (s.print.status === 'waiting' && unconfirmed.length > 0 && campaign.backup)) && (
          <>
            {unconfirmed.length > 0 && (
              <label className="field">
                <span>{`Не подтвердили ${unconfirmed.length}: причина печати без подтверждения`}</span>
                <input data-testid="cert-override" value={override} maxLength={500} onChange={(e) => setOverride(e.target.value)} placeholder="учитель болен, отметки проверены" />
              </label>
            )}
            <button type="button" className="btn primary" data-testid="cert-print" disabled={busy}
              onClick={() => void act(async () => {
                const r = await call('campaign.recordPrint', { ...id, overrideReason: override.trim() || undefined });
                return `Копия напечатана: документ № ${r.docNo}, листов: ${r.sheets}${r.file ? `, файл ${r.file}` : ''}.`;
              })}>
              {s.print.status === 'stale' ? 'Перепечатать копию' : 'Напечатать копию журнала'}
            </button>
          </>
        )}
        {has('deputy') && s.signatures.status === 'open' && unsigned.length > 0 && (
          <button type="button" className="btn" data-testid="cert-collect-signatures" disabled={busy}
            onClick={() => void act(async () => {
              await call('campaign.recordSignature', { campaignId: campaign.id, assignmentIds: unsigned.map((x) => x.assignmentId) });
            })}>
            {`Листы собраны: записать подписи (${unsigned.length})`}
          </button>
        )}
        {has('class_teacher') && cls.classTeacherId === user.id && s.title.status === 'open' && (
          <button type="button" className="btn primary" data-testid="cert-certify-title" disabled={busy} onClick={() => void act(async () => void (await call('campaign.certifyTitle', id)))}>
            Заверить титульный лист
          </button>
        )}
        {has('deputy') && s.handover.status === 'open' && !rec?.handed_at && (
          <button type="button" className="btn primary" data-testid="cert-hand-over" disabled={busy}
            onClick={() => void act(async () => {
              const r = await call('campaign.handOver', id);
              return `Сдано секретарю ${r.secretary}: запись № ${r.entryNo} в журнале сдачи документов строгой отчётности.`;
            })}>
            Заверить и сдать секретарю
          </button>
        )}
        {(has('director') || has('secretary')) && rec?.handed_at && !rec.director_signed_at && (
          <button type="button" className="btn primary" data-testid="cert-director-sign" disabled={busy} onClick={() => void act(async () => void (await call('campaign.directorSign', id)))}>
            Подписано директором
          </button>
        )}
        {has('secretary') && rec?.director_signed_at && !rec.sealed_at && (
          <button type="button" className="btn primary" data-testid="cert-seal" disabled={busy} onClick={() => void act(async () => void (await call('campaign.seal', id)))}>
            Печать поставлена
          </button>
        )}
        {has('secretary') && rec?.sealed_at && !rec.bound_at && (
          <>
            <label className="field">
              <span>Папка за период</span>
              <input data-testid="cert-folder" value={folder} maxLength={200} onChange={(e) => setFolder(e.target.value)} />
            </label>
            <button type="button" className="btn primary" data-testid="cert-bind" disabled={busy} onClick={() => void act(async () => void (await call('campaign.bind', { ...id, folder: folder.trim() })))}>
              Пронумеровано, прошито, в папке
            </button>
          </>
        )}
        <FormError error={error} />
      </div>
      {message && <p className="banner ok" role="status" data-testid="cert-message">{message}</p>}

      <h3>Предметы</h3>
      <table className="table compact" data-testid="cert-subjects">
        <thead>
          <tr>
            <th>Предмет</th>
            <th>Учитель</th>
            <th>День 1: отметки подтверждены</th>
            <th>День 3: листы подписаны</th>
          </tr>
        </thead>
        <tbody>
          {cls.subjects.map((x) => (
            <tr key={x.assignmentId} data-testid="cert-subject-row">
              <td>{subjectLabel(x)}</td>
              <td>{x.teacherName}</td>
              <td className={x.graded ? (x.confirmedAt ? 'cert-done' : s.marks.late ? 'cert-late' : 'cert-open') : 'cert-waiting'}>
                {x.graded ? (x.confirmedAt ? dateTime(x.confirmedAt) : 'нет') : 'без отметок'}
              </td>
              <td className={x.signedAt ? 'cert-done' : s.signatures.late ? 'cert-late' : 'cert-waiting'}>
                {x.signedAt ? `${x.signedOn ? formatRuDate(x.signedOn) : ''}${x.signedBy && x.signedBy !== x.teacherId ? ' (собрал завуч)' : ''}` : 'нет'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
