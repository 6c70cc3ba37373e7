// The parameters of a report, as its declaration asks for them (issue 14): a reporting
// period, a class, a parallel, a teacher, a subject, a student, a range of dates. Optional
// slices have «вся школа» / «все»; a class teacher's own class comes first.
import type { ResultOf } from '../../../../service/api';
import type { ReportParams } from '../../../../shared/report-model';
import { useCall } from '../../hooks/useCall';
import { DateField } from '../DateField';

type Listing = ResultOf<'reports.list'>;
export type ReportInfo = Listing['reports'][number];
type ParamName = ReportInfo['params'][number]['name'];

interface Props {
  report: ReportInfo;
  listing: Listing;
  value: ReportParams;
  onChange(params: ReportParams): void;
}

const LABELS: Readonly<Record<ParamName, string>> = {
  periodId: 'Период', from: 'С', to: 'По', grade: 'Параллель', classId: 'Класс', teacherId: 'Учитель', subjectId: 'Предмет', studentId: 'Ученик',
};

/** Sensible first values: the period under way (of the class's grade), the own class, this period's dates. */
export function defaultParams(report: ReportInfo, listing: Listing): ReportParams {
  const takes = (n: ParamName) => report.params.find((p) => p.name === n);
  const p: { -readonly [K in keyof ReportParams]: ReportParams[K] } = {};
  const mine = listing.classes.find((c) => c.mine);
  if (takes('classId')?.required || (takes('classId') && mine)) p.classId = (mine ?? listing.classes[0])?.id;
  const grade = listing.classes.find((c) => c.id === p.classId)?.grade;
  const periods = listing.periods.filter((x) => x.kind !== 'year' && (grade === undefined || (x.gradeFrom <= grade && grade <= x.gradeTo)));
  const current = periods.find((x) => x.startsOn <= listing.today && listing.today <= x.endsOn) ?? [...periods].reverse().find((x) => x.endsOn < listing.today) ?? periods[0];
  const dates = takes('from') && takes('to');
  if (takes('periodId') && current && (takes('periodId')?.required || (!dates && p.classId !== undefined))) p.periodId = current.id;
  if (dates && (p.periodId === undefined || takes('from')?.required)) {
    if (report.defaultDays) {
      // Its own span up to today (the parents' report: the week up to today).
      const d = new Date(`${listing.today}T12:00:00Z`);
      p.from = new Date(d.getTime() - (report.defaultDays - 1) * 86400000).toISOString().slice(0, 10);
    } else if (takes('from')?.required || takes('to')?.required || !current) {
      // A week by default for a range asked for (the activity report): Monday to today.
      const d = new Date(`${listing.today}T12:00:00Z`);
      p.from = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400000).toISOString().slice(0, 10);
    } else {
      // Otherwise the period under way so far (the school's: its earliest start).
      const under = periods.filter((x) => x.startsOn <= listing.today && listing.today <= x.endsOn);
      p.from = under.length ? under.map((x) => x.startsOn).sort()[0]! : current.startsOn;
    }
    p.to = listing.today;
  }
  if (takes('studentId')?.required && p.classId === undefined && mine) p.classId = mine.id;
  return p;
}

export function ReportParamsForm({ report, listing, value, onChange }: Props) {
  const takes = (n: ParamName) => report.params.find((p) => p.name === n);
  const set = (patch: Partial<Record<ParamName, string | number | undefined>>) => {
    const next: Record<string, unknown> = { ...value, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === '') delete next[k];
    onChange(next as ReportParams);
  };
  const grade = listing.classes.find((c) => c.id === value.classId)?.grade ?? value.grade;
  const periods = listing.periods.filter((p) => grade === undefined || (p.gradeFrom <= grade && grade <= p.gradeTo));
  const all = (n: ParamName) => (takes(n)?.required ? null : <option value="">{n === 'classId' || n === 'grade' ? 'вся школа' : 'все'}</option>);
  const select = (n: ParamName, options: readonly { id: string | number; name: string }[], current: string | number | undefined, onPick: (v: string) => void) => {
    const spec = takes(n);
    if (!spec) return null;
    return (
      <label className="field inline" key={n}>
        <span>{LABELS[n]}{spec.required ? '' : ' (необязательно)'}</span>
        <select data-testid={`report-param-${n}`} value={current === undefined ? '' : String(current)} onChange={(e) => onPick(e.target.value)}>
          {all(n)}
          {spec.required && current === undefined && <option value="">— выберите —</option>}
          {options.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <div className="filters report-params" data-testid="report-params">
      {select('grade', listing.grades.map((g) => ({ id: g, name: `${g} классы` })), value.grade, (v) => set({ grade: v ? Number(v) : undefined, classId: undefined }))}
      {select('classId', listing.classes.filter((c) => value.grade === undefined || c.grade === value.grade).map((c) => ({ id: c.id, name: c.mine ? `${c.name} (мой класс)` : c.name })), value.classId, (v) => {
        // A period of another grade does not fit the class: keep it only if it applies.
        const g = listing.classes.find((c) => c.id === v)?.grade;
        const period = listing.periods.find((p) => p.id === value.periodId);
        set({ classId: v || undefined, studentId: undefined, periodId: period && g !== undefined && (period.gradeFrom > g || g > period.gradeTo) ? undefined : value.periodId });
      })}
      {takes('studentId') && <StudentSelect classId={value.classId} value={value.studentId} required={!!takes('studentId')?.required} onPick={(v) => set({ studentId: v || undefined })} />}
      {select('periodId', periods.map((p) => ({ id: p.id, name: p.name })), value.periodId, (v) => {
        const p = listing.periods.find((x) => x.id === v);
        // A period sets the dates too, where the report takes them.
        set({ periodId: v || undefined, ...(p && takes('from') && value.from !== undefined ? { from: p.startsOn } : {}), ...(p && takes('to') && value.to !== undefined ? { to: p.endsOn } : {}) });
      })}
      {select('teacherId', listing.teachers, value.teacherId, (v) => set({ teacherId: v || undefined }))}
      {select('subjectId', listing.subjects, value.subjectId, (v) => set({ subjectId: v || undefined }))}
      {takes('from') && (
        <label className="field inline">
          <span>{LABELS.from}</span>
          <DateField testId="report-param-from" value={value.from ?? ''} onChange={(iso) => set({ from: iso || undefined })} ariaLabel="Начало периода отчёта" />
        </label>
      )}
      {takes('to') && (
        <label className="field inline">
          <span>{LABELS.to}</span>
          <DateField testId="report-param-to" value={value.to ?? ''} onChange={(iso) => set({ to: iso || undefined })} ariaLabel="Конец периода отчёта" />
        </label>
      )}
    </div>
  );
}

function StudentSelect({ classId, value, required, onPick }: { classId: string | undefined; value: string | undefined; required: boolean; onPick(v: string): void }) {
  const students = useCall('classDesk.students', classId ? { classId } : null);
  const list = students.status === 'ok' ? students.value.filter((s) => !s.enrolledTo).map((s) => ({ id: s.id ?? '', name: `${s.lastName} ${s.firstName}` })) : [];
  return (
    <label className="field inline">
      <span>{LABELS.studentId}{required ? '' : ' (необязательно)'}</span>
      <select data-testid="report-param-studentId" value={value ?? ''} disabled={!classId} onChange={(e) => onPick(e.target.value)}>
        <option value="">{classId ? 'весь класс' : 'сначала выберите класс'}</option>
        {list.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
