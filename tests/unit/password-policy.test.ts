// A new password is not one that guessing starts with (issue 10, item 7): a copy of the
// share allows offline guessing with no lockout, so common passwords are refused — in
// Russian and English, in either keyboard layout, with digits or punctuation around.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMON_PASSWORD_MESSAGE, isCommonPassword, passwordProblem } from '../../service/auth/password-policy';
import { COMMON_PASSWORDS_TEXT } from '../../service/auth/common-passwords';

const LOGIN = 'ivanova';

describe('the common-password list (service/auth/common-passwords.ts)', () => {
  const entries = COMMON_PASSWORDS_TEXT.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

  it('ships between a few hundred and a few thousand entries, Russian and English', () => {
    assert.ok(entries.length >= 500 && entries.length <= 5000, String(entries.length));
    assert.ok(entries.filter((e) => /[а-яё]/i.test(e)).length >= 200, 'Cyrillic entries');
    for (const e of ['password', 'qwerty', 'пароль', 'привет', 'йцукен', 'parol', '1q2w3e4r', 'ytrewq', 'zxcvbn', 'я люблю тебя', 'gfhjkm']) {
      assert.ok(entries.includes(e), e);
    }
  });

  it('every entry is refused', () => {
    for (const e of entries) assert.equal(isCommonPassword(e), true, e);
  });
});

describe('the password policy (R-ROLE-7, issue 10)', () => {
  const refusedAsCommon = [
    // The examples
    'qwerty12', 'password', 'йцукен123', 'Пароль123', 'gfhjkm12',
    // list words with digits or punctuation around, any letter case
    'password1!', 'Password2026', 'PASSWORD!!', '!!password', '2026password', 'Qwerty123!', 'qwerty_2026',
    'привет2026', 'Привет!!!', 'ПРИВЕТ12345', 'солнышко1', 'Наташа1985', 'natasha1985', 'Спартак2026',
    // the other keyboard layout: Russian words typed on Latin keys, Latin walks on Russian keys
    'ghbdtn123', 'gfhjkmgfhjkm', 'nfyz2010', 'qwertyuiop', 'йцукенгшщз', 'фывапролдж', 'ячсмитьбю', 'zxcvbnm1',
    'Ыфьыгтп1', // «samsung» typed with the Russian layout on
    // keyboard walks and their digits
    '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'zaq12wsx', 'qazwsxedc', 'qweasdzxc', '1й2ц3у4к', 'asdfghjkl', 'poiuytrewq', 'ytrewq12',
    // phrases, ё = е, separators ignored
    'я люблю тебя', 'Я-люблю-тебя!', 'ялюблютебя', 'iloveyou2', 'i love you', 'котёнок12', 'котенок12',
    // look-alike digits, reversed, doubled
    'p@ssw0rd', 'P@55w0rd', 'drowssap', 'qwertyqwerty', 'passwordpassword', 'dragondragon',
  ];

  it('refuses common passwords with the issue\'s message', () => {
    for (const p of refusedAsCommon) assert.equal(passwordProblem(p, LOGIN), COMMON_PASSWORD_MESSAGE, p);
  });

  it('accepts decent passwords and passphrases', () => {
    const accepted = [
      'зелёный трамвай едет в депо', 'Весна-2026!', 'Кот-2026', 'Осень-2027?', 'Каштан-2026', 'Другой-пароль-1',
      'Синий.Чайник.Поёт', 'correct horse battery staple', 'Математика-5Б-вторник', 'Tr0mb0n-Ulitsa', 'кофе без сахара в 7:40',
      'пароль от журнала завуча', // a phrase that only contains a list word
      'qwertyжираф2026', 'Мой кот Барсик любит сметану',
    ];
    for (const p of accepted) assert.equal(passwordProblem(p, LOGIN), null, p);
  });

  it('keeps the earlier rules: length, the login, digits only', () => {
    assert.match(passwordProblem('кот2026', LOGIN)!, /не меньше 8 символов/);
    assert.match(passwordProblem('Ivanova', LOGIN)!, /не меньше 8 символов/);
    assert.match(passwordProblem('ivanova1', LOGIN)!, /не должен совпадать с логином/);
    assert.match(passwordProblem('IVANOVA-2026', LOGIN)!, /не должен совпадать с логином/);
    assert.match(passwordProblem('шмфтщмф2026', LOGIN)!, /не должен совпадать с логином/, 'the login typed with the Russian layout on');
    assert.match(passwordProblem('1234567890', LOGIN)!, /из одних цифр/);
    assert.match(passwordProblem('20262027', LOGIN)!, /из одних цифр/);
  });

  it('refuses a password of too few different characters', () => {
    for (const p of ['aaaaaaaa', 'абабабаб', 'ab1ab1ab1ab1']) assert.match(passwordProblem(p, LOGIN)!, /мало разных символов/, p);
  });
});
