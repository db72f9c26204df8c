/** The one ordering of spaces and messages, shared with main (src/shared/order.ts). */
export { compareMessages, compareRooms } from '../../../shared/order';
