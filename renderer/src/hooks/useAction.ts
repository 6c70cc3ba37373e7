// An action started from a button: busy while it runs, its error in Russian afterwards.
import { useState } from 'react';
import { errorMessage } from '../api';

export function useAction(): { busy: boolean; error: string | null; run(what: () => Promise<void>): Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
