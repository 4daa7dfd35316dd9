import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

/*
 * The HTTP floor: Fastify with no plugins, no hooks, no schema, no logger. Route /w<i> answers
 * workload i's real response body (captured from the server) as a constant object, so the floor
 * pays the same JSON.stringify and bytes on the wire as the endpoint, and nothing else.
 */
const bodies = JSON.parse(readFileSync(process.env.BARE_BODIES!, 'utf8')) as unknown[];
const app = Fastify({ logger: false });
bodies.forEach((body, i) => app.get(`/w${i}`, async () => body));
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.on('SIGINT', () => void app.close().then(() => process.exit(0)));
