/** Per-room memory of processed message ids (bounded, oldest forgotten first): the last guard against duplicates. */
export class KnownIds {
  private readonly rooms = new Map<string, { set: Set<string>; order: string[] }>();

  constructor(private readonly perRoom: number) {}

  private room(roomId: string, seed: () => readonly string[]): { set: Set<string>; order: string[] } {
    let entry = this.rooms.get(roomId);
    if (!entry) {
      const order = [...seed()];
      entry = { set: new Set(order), order };
      this.rooms.set(roomId, entry);
    }
    return entry;
  }

  has(roomId: string, id: string, seed: () => readonly string[]): boolean {
    return this.room(roomId, seed).set.has(id);
  }

  add(roomId: string, id: string, seed: () => readonly string[]): void {
    const entry = this.room(roomId, seed);
    if (entry.set.has(id)) return;
    entry.set.add(id);
    entry.order.push(id);
    while (entry.order.length > this.perRoom) {
      const old = entry.order.shift();
      if (old !== undefined) entry.set.delete(old);
    }
  }

  /** The newest `count` ids (what is saved across restarts). */
  newest(roomId: string, count: number): string[] {
    const entry = this.rooms.get(roomId);
    return entry ? entry.order.slice(-count) : [];
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
