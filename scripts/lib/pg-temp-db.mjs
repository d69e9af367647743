/**
 * Throw-away PostgreSQL databases for test runs: created from a server URL
 * (the role needs CREATEDB), returned as a URL, dropped afterwards.
 */
import pg from "pg";

/** @param {string} serverUrl @param {string} prefix @returns {Promise<string>} */
export async function createTempDatabase(serverUrl, prefix) {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** @param {string} serverUrl @param {string} databaseUrl */
export async function dropTempDatabase(serverUrl, databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
