// A modal dialog for the administration and account screens: the browser's own <dialog>
// (focus stays inside, Esc closes, the page behind is inert), put at the end of <body>
// so that it can be printed alone (the activation code slip, R-ROLE-6). Styles come
// from classes only: the CSP allows no style attributes.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface Props {
  title: string;
  /** Esc (unless `closeOnEscape` is false: while saving, or a code shown only once). */
  onClose(): void;
  closeOnEscape?: boolean;
  className?: string;
  testId?: string;
  children: ReactNode;
}

export function Modal({ title, onClose, closeOnEscape = true, className, testId, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const unmounting = useRef(false);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    unmounting.current = false;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      unmounting.current = true;
      dialog?.close();
    };
  }, []);

  return createPortal(
    <dialog
      ref={ref}
      className={className ? `adm-modal ${className}` : 'adm-modal'}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        // Esc: the parent decides (it unmounts the dialog), never the browser alone.
        e.preventDefault();
        if (closeOnEscape) onClose();
      }}
      onClose={() => {
        // The browser may still close it (a repeated Esc is not always cancelable): keep
        // React and the dialog in step: reopen one that must stay, or let the parent close it.
        if (unmounting.current) return;
        if (closeOnEscape) onClose();
        else ref.current?.showModal();
      }}
    >
      <h2 id={titleId} className="adm-modal-title">
        {title}
      </h2>
      {children}
    </dialog>,
    document.body,
  );
}
