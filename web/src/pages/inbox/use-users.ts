import { useEffect, useState } from 'react';
import { listUsers } from '../../api/inbox-api.ts';
import type { User } from '../../api/types.ts';

/** The organisation's users, for assigning; an empty list when they cannot be read. */
export function useUsers(): User[] {
  const [users, setUsers] = useState<User[]>([]);
  useEffect(() => {
    let live = true;
    listUsers().then(
      (u) => live && setUsers(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return users;
}
