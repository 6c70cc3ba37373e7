// Russian personal names for the demo school: first names by generation, surnames with
// their feminine forms, patronymics from the father's name, the town's streets, phone
// numbers, and the Latin transliteration used for staff logins ('petrova.an').
import type { SeededRandom } from '../../shared/random';

export type Gender = 'м' | 'ж';

export interface PersonName {
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  readonly gender: Gender;
}

/** Men's names with the patronymics they give: [name, son's, daughter's]. */
const MALE_NAMES: readonly (readonly [string, string, string])[] = [
  ['Александр', 'Александрович', 'Александровна'],
  ['Алексей', 'Алексеевич', 'Алексеевна'],
  ['Анатолий', 'Анатольевич', 'Анатольевна'],
  ['Андрей', 'Андреевич', 'Андреевна'],
  ['Антон', 'Антонович', 'Антоновна'],
  ['Артём', 'Артёмович', 'Артёмовна'],
  ['Борис', 'Борисович', 'Борисовна'],
  ['Вадим', 'Вадимович', 'Вадимовна'],
  ['Валерий', 'Валерьевич', 'Валерьевна'],
  ['Василий', 'Васильевич', 'Васильевна'],
  ['Виктор', 'Викторович', 'Викторовна'],
  ['Виталий', 'Витальевич', 'Витальевна'],
  ['Владимир', 'Владимирович', 'Владимировна'],
  ['Вячеслав', 'Вячеславович', 'Вячеславовна'],
  ['Геннадий', 'Геннадьевич', 'Геннадьевна'],
  ['Георгий', 'Георгиевич', 'Георгиевна'],
  ['Григорий', 'Григорьевич', 'Григорьевна'],
  ['Денис', 'Денисович', 'Денисовна'],
  ['Дмитрий', 'Дмитриевич', 'Дмитриевна'],
  ['Евгений', 'Евгеньевич', 'Евгеньевна'],
  ['Егор', 'Егорович', 'Егоровна'],
  ['Иван', 'Иванович', 'Ивановна'],
  ['Игорь', 'Игоревич', 'Игоревна'],
  ['Илья', 'Ильич', 'Ильинична'],
  ['Кирилл', 'Кириллович', 'Кирилловна'],
  ['Константин', 'Константинович', 'Константиновна'],
  ['Леонид', 'Леонидович', 'Леонидовна'],
  ['Максим', 'Максимович', 'Максимовна'],
  ['Михаил', 'Михайлович', 'Михайловна'],
  ['Никита', 'Никитич', 'Никитична'],
  ['Николай', 'Николаевич', 'Николаевна'],
  ['Олег', 'Олегович', 'Олеговна'],
  ['Павел', 'Павлович', 'Павловна'],
  ['Пётр', 'Петрович', 'Петровна'],
  ['Роман', 'Романович', 'Романовна'],
  ['Руслан', 'Русланович', 'Руслановна'],
  ['Сергей', 'Сергеевич', 'Сергеевна'],
  ['Станислав', 'Станиславович', 'Станиславовна'],
  ['Степан', 'Степанович', 'Степановна'],
  ['Фёдор', 'Фёдорович', 'Фёдоровна'],
  ['Юрий', 'Юрьевич', 'Юрьевна'],
  ['Ярослав', 'Ярославович', 'Ярославовна'],
];

/** Names of today's schoolchildren. */
const BOY_NAMES = [
  'Александр', 'Максим', 'Михаил', 'Артём', 'Матвей', 'Иван', 'Дмитрий', 'Кирилл', 'Даниил', 'Тимофей',
  'Лев', 'Марк', 'Егор', 'Никита', 'Роман', 'Андрей', 'Илья', 'Алексей', 'Фёдор', 'Глеб',
  'Владимир', 'Сергей', 'Ярослав', 'Арсений', 'Степан', 'Мирон', 'Богдан', 'Денис', 'Константин', 'Павел',
  'Вадим', 'Тимур', 'Николай', 'Георгий', 'Савелий', 'Семён', 'Захар', 'Платон', 'Всеволод', 'Елисей',
] as const;
const GIRL_NAMES = [
  'Анна', 'София', 'Мария', 'Алиса', 'Виктория', 'Полина', 'Ева', 'Варвара', 'Анастасия', 'Александра',
  'Дарья', 'Ксения', 'Вероника', 'Елизавета', 'Василиса', 'Милана', 'Ульяна', 'Екатерина', 'Арина', 'Валерия',
  'Таисия', 'Кира', 'Маргарита', 'Софья', 'Алёна', 'Яна', 'Злата', 'Майя', 'Юлия', 'Ольга',
  'Стефания', 'Диана', 'Эмилия', 'Есения', 'Мирослава', 'Надежда', 'Серафима', 'Агата', 'Лилия', 'Марина',
] as const;
/** Names of the parents' and teachers' generations. */
const WOMEN_NAMES = [
  'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Екатерина', 'Анна', 'Юлия', 'Мария',
  'Марина', 'Анастасия', 'Евгения', 'Ксения', 'Оксана', 'Людмила', 'Надежда', 'Галина', 'Алёна', 'Виктория',
  'Дарья', 'Валентина', 'Лариса', 'Вера', 'Любовь', 'Нина', 'Жанна', 'Инна', 'Кристина', 'Алла',
] as const;

/** Surnames in the masculine form; `feminine` derives the other form. */
const SURNAMES = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев',
  'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев',
  'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв',
  'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов',
  'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров',
  'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов', 'Мельников', 'Денисов',
  'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев', 'Тимофеев', 'Фомин', 'Чернов', 'Абрамов',
  'Мартынов', 'Ефимов', 'Федотов', 'Щербаков', 'Назаров', 'Калинин', 'Исаев', 'Чернышёв', 'Быков', 'Маслов',
  'Родионов', 'Коновалов', 'Лазарев', 'Воронин', 'Климов', 'Филатов', 'Пономарёв', 'Голубев', 'Кудрявцев', 'Прохоров',
  'Наумов', 'Потапов', 'Журавлёв', 'Овчинников', 'Трофимов', 'Леонов', 'Соболев', 'Ермаков', 'Колесников', 'Гончаров',
  'Емельянов', 'Никифоров', 'Грачёв', 'Котов', 'Гришин', 'Ефремов', 'Архипов', 'Громов', 'Кириллов', 'Малышев',
  'Панов', 'Моисеев', 'Румянцев', 'Акимов', 'Кондратьев', 'Бирюков', 'Горбунов', 'Анисимов', 'Ерёмин', 'Тихомиров',
  'Галкин', 'Лукьянов', 'Михеев', 'Скворцов', 'Юдин', 'Белоусов', 'Нестеров', 'Симонов', 'Прокофьев', 'Харитонов',
  'Князев', 'Цветков', 'Левин', 'Митрофанов', 'Воронов', 'Аксёнов', 'Софронов', 'Мальцев', 'Логинов', 'Горшков',
  'Савин', 'Краснов', 'Майоров', 'Демидов', 'Елисеев', 'Рыбаков', 'Сафонов', 'Плотников', 'Дёмин', 'Хохлов',
  'Жданов', 'Руденко', 'Шевченко', 'Бондаренко', 'Кравченко', 'Ткаченко', 'Ким', 'Черных', 'Седых', 'Долгих',
  'Островский', 'Покровский', 'Вишневский', 'Успенский', 'Высоцкий', 'Полянский', 'Толстой', 'Трубецкой', 'Шереметьев', 'Рябинин',
] as const;

/** The feminine form of a Russian surname: Иванов → Иванова, Островский → Островская; Шевченко stays. */
export function feminine(surname: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  if (/(ский|цкий)$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  if (/(ой|ый)$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  return surname; // -ко, -их/-ых, Ким: the same for both
}

export function surnameFor(masculine: string, gender: Gender): string {
  return gender === 'м' ? masculine : feminine(masculine);
}

export function randomSurname(rng: SeededRandom): string {
  return rng.pick(SURNAMES);
}

/** A man's name with the patronymic forms it gives. */
export function randomFatherName(rng: SeededRandom): { name: string; sonOf: string; daughterOf: string } {
  const [name, sonOf, daughterOf] = rng.pick(MALE_NAMES);
  return { name, sonOf, daughterOf };
}

export function randomChildName(rng: SeededRandom, gender: Gender): string {
  return gender === 'м' ? rng.pick(BOY_NAMES) : rng.pick(GIRL_NAMES);
}

/** An adult (parent's or teacher's generation). */
export function randomAdult(rng: SeededRandom, gender: Gender, surname: string = randomSurname(rng)): PersonName {
  const father = randomFatherName(rng);
  const firstName = gender === 'м' ? randomFatherName(rng).name : rng.pick(WOMEN_NAMES);
  return {
    lastName: surnameFor(surname, gender),
    firstName,
    middleName: gender === 'м' ? father.sonOf : father.daughterOf,
    gender,
  };
}

export function fullName(p: { lastName: string; firstName: string; middleName: string }): string {
  return [p.lastName, p.firstName, p.middleName].filter((s) => s !== '').join(' ');
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Latin transliteration in lower case: 'Петрова' → 'petrova'. */
export function translit(s: string): string {
  return [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');
}

/** A staff login: surname and initials, 'petrova.an'. */
export function loginFor(p: { lastName: string; firstName: string; middleName: string }): string {
  return `${translit(p.lastName)}.${translit(p.firstName).charAt(0)}${translit(p.middleName).charAt(0)}`;
}

/** A Russian mobile number, '+7 912 345-67-89'. */
export function randomPhone(rng: SeededRandom): string {
  const code = rng.pick(['900', '902', '904', '908', '912', '919', '922', '929', '950', '953', '961', '964', '977', '982', '995']);
  const d = () => String(rng.int(0, 9));
  return `+7 ${code} ${d()}${d()}${d()}-${d()}${d()}-${d()}${d()}`;
}

export function randomEmail(rng: SeededRandom, p: PersonName): string {
  const domain = rng.pick(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru', 'list.ru']);
  const tail = rng.chance(0.5) ? String(rng.int(70, 99)) : '';
  return `${translit(p.lastName)}.${translit(p.firstName).charAt(0)}${tail}@${domain}`;
}

export const TOWN = 'г. Новоречинск';
export const TOWN_POSTCODE = '613040';
export const REGION = 'Кировская обл.';

const STREETS = [
  'ул. Ленина', 'ул. Советская', 'ул. Мира', 'ул. Гагарина', 'ул. Молодёжная', 'ул. Школьная', 'ул. Садовая',
  'ул. Лесная', 'ул. Пушкина', 'ул. Кирова', 'пр-т Победы', 'ул. Набережная', 'ул. Заречная', 'ул. Октябрьская',
  'ул. Комсомольская', 'пер. Южный', 'ул. Строителей', 'ул. Энергетиков', 'ул. Первомайская', 'ул. Северная',
  'ул. Чехова', 'ул. Свободы', 'ул. Полевая', 'ул. Берёзовая', 'ул. Рабочая', 'пер. Тихий',
] as const;

/** A home address in the town: a flat in a block, sometimes a house of its own. */
export function randomAddress(rng: SeededRandom): string {
  const street = rng.pick(STREETS);
  if (rng.chance(0.15)) return `${TOWN}, ${street}, д. ${rng.int(1, 120)}`;
  return `${TOWN}, ${street}, д. ${rng.int(1, 60)}, кв. ${rng.int(1, 144)}`;
}
