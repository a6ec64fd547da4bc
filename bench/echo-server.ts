/**
 * The transport's own ceiling: the same Fastify + @fastify/websocket stack as the real server,
 * where `/v1/chat` answers every message by echoing it back and `GET /healthz` returns a constant.
 * No index, no answers, no logging. Listens on 127.0.0.1:$PORT and prints `listening <port>`.
 */
import websocket from '@fastify/websocket';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
await app.register(websocket, { options: { maxPayload: 32_768 } });
app.get('/v1/chat', { websocket: true }, (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
