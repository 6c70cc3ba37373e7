// A new password typed twice (activation and change of password, R-ROLE-6, R-ROLE-7).
// Only that both are the same is checked here; the password policy is the service's
// (service/auth/password-policy.ts), which answers VALIDATION with a Russian message.

export interface NewPassword {
  readonly password: string;
  readonly repeat: string;
}

export const EMPTY_PASSWORD: NewPassword = { password: '', repeat: '' };

/** A Russian message when the pair cannot be sent yet; null when it can. */
export function newPasswordProblem(p: NewPassword): string | null {
  if (!p.password) return 'Введите новый пароль.';
  if (!p.repeat) return 'Повторите новый пароль.';
  if (p.password !== p.repeat) return 'Пароли не совпадают. Введите новый пароль одинаково в обоих полях.';
  return null;
}

interface Props {
  value: NewPassword;
  onChange(value: NewPassword): void;
  testIds: { password: string; repeat: string };
  disabled?: boolean;
}

export function NewPasswordFields({ value, onChange, testIds, disabled }: Props) {
  const mismatch = value.repeat.length > 0 && value.password !== value.repeat;
  return (
    <>
      <label className="field">
        <span>Новый пароль</span>
        <input
          data-testid={testIds.password}
          name="new-password"
          type="password"
          autoComplete="new-password"
          disabled={disabled}
          value={value.password}
          onChange={(e) => onChange({ ...value, password: e.target.value })}
        />
      </label>
      <label className="field">
        <span>Повторите новый пароль</span>
        <input
          data-testid={testIds.repeat}
          name="new-password-repeat"
          type="password"
          autoComplete="new-password"
          disabled={disabled}
          aria-invalid={mismatch || undefined}
          value={value.repeat}
          onChange={(e) => onChange({ ...value, repeat: e.target.value })}
        />
      </label>
      <p className="muted adm-field-hint">Не меньше 8 символов; не совпадает с логином, не состоит из одних цифр и не из тех, что подбирают первыми (qwerty12, Пароль123). Надёжнее всего фраза из нескольких слов.</p>
    </>
  );
}
