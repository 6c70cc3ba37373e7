// The school's teachers for the deputy's forms, gathered from the journal pages of every
// class (journal.pages per class): staff.list is the administrator's. A dedicated
// `staff.teachers` method would make this one call.
import { useEffect, useState } from 'react';
import { call, errorMessage } from '../../api';

export interface TeacherOption {
  readonly id: string;
  readonly name: string;
  /** «Математика 5А, 6Б; Физика 7А» */
  readonly teaches: string;
}

export type TeachersState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: string }
  | { readonly status: 'ok'; readonly teachers: readonly TeacherOption[] };

export function useTeachers(): TeachersState {
  const [state, setState] = useState<TeachersState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    (async () => {
      const classes = await call('school.classes', {});
      const pages = (await Promise.all(classes.map((c) => call('journal.pages', { classId: c.id })))).flat();
      const byTeacher = new Map<string, { name: string; subjects: Map<string, string[]> }>();
      for (const p of pages) {
        const t = byTeacher.get(p.teacherId) ?? { name: p.teacherName, subjects: new Map<string, string[]>() };
        const list = t.subjects.get(p.subjectName) ?? [];
        if (!list.includes(p.className)) list.push(p.className);
        t.subjects.set(p.subjectName, list);
        byTeacher.set(p.teacherId, t);
      }
      const teachers = [...byTeacher.entries()]
        .map(([id, t]) => ({ id, name: t.name, teaches: [...t.subjects.entries()].map(([s, cs]) => `${s} ${cs.join(', ')}`).join('; ') }))
        .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
      if (live) setState({ status: 'ok', teachers });
    })().catch((err: unknown) => live && setState({ status: 'error', error: errorMessage(err) }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
