import Koa from 'koa';
import Router from '@koa/router';

// The baseline: a bare Koa endpoint that reads the body and answers 202, nothing else.
const app = new Koa();
const router = new Router();
router.post('/api/event', async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const c of ctx.req as AsyncIterable<Buffer>) chunks.push(c);
  Buffer.concat(chunks).toString('utf8');
  ctx.status = 202;
  ctx.body = '';
});
app.use(router.routes());
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
