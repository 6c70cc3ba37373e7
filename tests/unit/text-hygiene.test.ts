// Text hygiene (issue 10, item 6): control characters are refused in every text field;
// line breaks only where a field holds several lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { methods, type MethodName } from '../../service/methods';
import { assertCleanText, MULTI_LINE_FIELDS, textProblem } from '../../service/text-hygiene';
import { ServiceError } from '../../service/errors';

/** Every path of a string field in a JSON Schema, keys joined with '.', array items adding nothing. */
function stringPaths(schema: unknown, path: string[] = [], out = new Set<string>()): Set<string> {
  const s = schema as { type?: unknown; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  if (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'))) out.add(path.join('.'));
  for (const [k, v] of Object.entries(s.properties ?? {})) stringPaths(v, [...path, k], out);
  if (s.items) stringPaths(s.items, path, out);
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) stringPaths(sub, path, out);
  return out;
}
const pathsOf = (m: MethodName) => stringPaths(z.toJSONSchema(methods[m].input as z.ZodType, { unrepresentable: 'any' }));

function refusal(method: MethodName, args: unknown): ServiceError | null {
  try {
    assertCleanText(method, args);
    return null;
  } catch (err) {
    assert.ok(err instanceof ServiceError);
    return err;
  }
}

describe('text hygiene (service/text-hygiene.ts)', () => {
  it('every multi-line field listed is a text field of its method', () => {
    // correction.request carries the arguments of a journal edit under "args".
    const requestable = ['journal.setLesson', 'journal.setMark', 'journal.setAttendance', 'journal.setPeriodMark'] as const;
    for (const [method, fields] of Object.entries(MULTI_LINE_FIELDS) as [MethodName, readonly string[]][]) {
      assert.ok(method in methods, method);
      const own = pathsOf(method);
      for (const f of fields) {
        const ok = own.has(f) || (method === 'correction.request' && f.startsWith('args.') && requestable.some((m) => pathsOf(m).has(f.slice(5))));
        assert.ok(ok, `${method}: ${f}`);
      }
    }
  });

  it('one-line fields: no control characters, no line breaks', () => {
    for (const s of ['Тема\u0000', '\u0000', 'a\u0007b', 'таб\tуляция', 'a\u001bb', 'DEL\u007f', 'C1\u0085', 'bidi\u202eтекст', 'iso\u2066x\u2069', 'half \ud800 pair', 'low \udc00 alone']) {
      assert.equal(textProblem(s, false), 'control', JSON.stringify(s));
    }
    for (const s of ['две\nстроки', 'две\r\nстроки', 'cr\rалон', 'ls\u2028x', 'ps\u2029x']) {
      assert.equal(textProblem(s, false), 'line-break', JSON.stringify(s));
    }
    for (const s of ['', 'Сложение дробей с разными знаменателями', '№ 5, стр. 34 — «упр. 2»', 'emoji 📚✓', 'ё Ё й', '\u00a0неразрывный пробел']) {
      assert.equal(textProblem(s, false), null, JSON.stringify(s));
    }
  });

  it('multi-line fields: \\n, \\r\\n and tabs, still no other control characters', () => {
    for (const s of ['№ 5\nупр. 2', 'стр. 34\r\n\r\nупр. 3', '1.\tчитать\n2.\tписать', 'emoji 📚\nok']) assert.equal(textProblem(s, true), null, JSON.stringify(s));
    for (const s of ['a\u0000\nb', 'cr\rалон', 'x\u2028y', 'bell\u0007', 'lone \ud83d\n']) assert.equal(textProblem(s, true), 'control', JSON.stringify(s));
  });

  it('names the field in Russian and refuses keys and nested arguments too', () => {
    const topic = refusal('journal.setLesson', { lessonId: 'x', topic: 'Дроби\u0000' });
    assert.equal(topic?.code, 'VALIDATION');
    assert.equal(topic?.message, 'Поле «Тема урока» содержит недопустимые управляющие символы. Уберите их (их нельзя увидеть: проще набрать текст заново).');
    assert.deepEqual(topic?.details, { field: 'topic' });
    assert.match(refusal('journal.setLesson', { lessonId: 'x', topic: 'Дроби\nи доли' })!.message, /^Поле «Тема урока» должно быть в одну строку/);
    assert.equal(refusal('journal.setLesson', { lessonId: 'x', homework: '№ 5\nупр. 2' }), null);

    assert.equal(refusal('correction.request', { method: 'journal.setLesson', args: { homework: 'a\nb' }, reason: 'урок\nперенесён' }), null);
    const nested = refusal('correction.request', { method: 'journal.setLesson', args: { topic: 'a\nb' }, reason: 'r' });
    assert.deepEqual(nested?.details, { field: 'args.topic' });
    const key = refusal('correction.request', { method: 'journal.setLesson', args: { 'to\u0000pic': 'x' }, reason: 'r' });
    assert.match(key!.message, /имя поля/);
    assert.ok(!key!.message.includes('\u0000'));
    const inArray = refusal('backup.make', { destinations: ['D:\\копии', 'E:\\\u0000'] });
    assert.deepEqual(inArray?.details, { field: 'destinations' });
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    assert.match(refusal('correction.request', { method: 'journal.setLesson', args: deep, reason: 'r' })!.message, /вложенность/);
  });
});
