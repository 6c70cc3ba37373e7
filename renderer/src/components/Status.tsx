// Loading and error states, the same on every screen.
export function Loading({ text = 'Загрузка…' }: { text?: string }) {
  return (
    <p className="status loading" role="status">
      {text}
    </p>
  );
}

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="status error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn small" onClick={onRetry}>
          Повторить
        </button>
      )}
    </div>
  );
}

/** A form's Russian error message beside its buttons, announced to screen readers. */
export function FormError({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <span className="form-error" role="alert">
      {error}
    </span>
  );
}
