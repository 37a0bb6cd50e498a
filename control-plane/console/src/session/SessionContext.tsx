import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client';
import type { Identity } from '../api/types';

export interface Session {
  api: ApiClient;
  identity: Identity;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
