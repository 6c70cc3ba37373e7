// Where in the app a paper copy is checked against the journal by its document number
// (R-PRINT-5): the footer of every printed document names this place, and the secretary's
// books screen has it as a tab under this name. Environment-free: print/ and the renderer
// both read it, so paper and screen cannot drift apart.

/** The menu entry that opens the secretary's books. */
export const CHECK_COPY_MENU = 'Книги учёта';

/** The tab of that screen where a copy is checked by its number. */
export const CHECK_COPY_TAB = 'Проверить копию';

/** The footer line of every printed document. */
export const CHECK_COPY_FOOTER = `Соответствие копии электронному журналу проверяется по номеру документа в программе: «${CHECK_COPY_MENU}», вкладка «${CHECK_COPY_TAB}».`;
