export function createTempDatabase(serverUrl: string, prefix: string): Promise<string>;
export function dropTempDatabase(serverUrl: string, databaseUrl: string): Promise<void>;
