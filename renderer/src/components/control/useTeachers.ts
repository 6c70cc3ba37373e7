// The school's teachers for the deputy's forms, with what each teaches (staff.teachers).
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
      const teachers = await call('staff.teachers', {});
      if (live) setState({ status: 'ok', teachers });
    })().catch((err: unknown) => live && setState({ status: 'error', error: errorMessage(err) }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
