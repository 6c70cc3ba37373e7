// A folder field: a backup medium, a copy to restore, the sync's network folder. In the
// program the folder is chosen with the system's folder dialog (window.journal.chooseFolder,
// put there by Electron's preload); the path stays editable, so a network path can be typed.
// The browser preview has no dialog: there the path is typed.
import { useState } from 'react';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  /** The dialog's title. */
  dialogTitle: string;
  testId: string;
  placeholder?: string;
}

export function FolderField({ label, value, onChange, dialogTitle, testId, placeholder }: Props) {
  const choose = window.journal?.chooseFolder;
  const [choosing, setChoosing] = useState(false);
  const pick = async () => {
    if (!choose) return;
    setChoosing(true);
    try {
      const folder = await choose(dialogTitle);
      if (folder) onChange(folder);
    } finally {
      setChoosing(false);
    }
  };
  return (
    <label className="field folder-field">
      <span>{label}</span>
      <span className="folder-field-row">
        <input data-testid={testId} value={value} maxLength={500} spellCheck={false} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} />
        {choose && (
          <button type="button" className="btn" data-testid={`${testId}-choose`} disabled={choosing} onClick={() => void pick()}>
            Выбрать папку…
          </button>
        )}
      </span>
    </label>
  );
}
