import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  future: {
    // Route middleware: security headers, CSRF origin check and the CSP nonce
    // are applied once in app/root.tsx for every document, data and resource request.
    v8_middleware: true,
  },
} satisfies Config;
