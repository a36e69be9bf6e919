import { uuidv7 } from 'uuidv7';

/** A new sortable, globally unique id (UUIDv7): rows are created on many stations at once. */
export const newId = (): string => uuidv7();
