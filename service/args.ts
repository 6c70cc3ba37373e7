// Argument schemas shared by several methods.
import { z } from 'zod';
import { isIsoDate } from '../shared/dates';

export const isoDate = z.string().refine(isIsoDate, { message: 'Дата должна быть в виде ГГГГ-ММ-ДД' });
export const rowId = z.string().min(1).max(64).regex(/^[0-9A-Za-z-]+$/, 'Неверный идентификатор');
