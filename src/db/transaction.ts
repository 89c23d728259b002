import type { Context } from '../context.ts';

/**
 * The one place that opens transactions. Inside `work`, `ctx.em` is the transaction's manager,
 * so every service call writes into it; loaders are cleared after, since rows may have changed.
 */
export async function inTransaction<T>(ctx: Context, work: (ctx: Context) => Promise<T>): Promise<T> {
  if (ctx.em.queryRunner?.isTransactionActive) return work(ctx);
  const outer = ctx.em;
  try {
    return await ctx.dataSource.transaction(async (em) => {
      ctx.em = em;
      return work(ctx);
    });
  } finally {
    ctx.em = outer;
    ctx.loaders.clearAll();
  }
}
