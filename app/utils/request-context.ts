import { createContext } from "react-router";
import type { SessionWithUser } from "~/modules/auth/session.server";

/** Per-request id, recorded on audit events and returned as X-Request-Id. */
export const requestIdContext = createContext<string>("");
/** CSP nonce for this document response. */
export const nonceContext = createContext<string>("");
/**
 * The request's validated session: undefined until the root middleware ran,
 * then the session or null.
 */
export const sessionContext = createContext<SessionWithUser | null | undefined>(undefined);
