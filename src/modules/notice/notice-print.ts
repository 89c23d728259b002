import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { escapeHtml as e, pageHead, printablePage } from '../../common/printable-page.ts';
import type { Context } from '../../context.ts';
import { enumLabels } from '../../common/labels.ts';
import { noticeRegion, periodProblem, publicNotice } from './notice.service.ts';
import type { PublicNotice } from './notice.types.ts';

const kindZh = (kind: string) => enumLabels(['InspectionKind']).find((entry) => entry.value === kind)?.labelZh ?? kind;

/** The notice as an A4 page for the village board: every figure and line the query gives, nothing else. */
export function renderNotice(notice: PublicNotice): string {
  const s = notice.inspections;
  const percent = s.meanShare === null ? '—' : `${Math.round(s.meanShare * 100)}%`;
  return `${pageHead(
    `${notice.regionName}互助养老公示`,
    `.period { text-align: center; font-size: 10pt; color: #333; margin-bottom: 5mm; }
.figures th { width: 40mm; }
.entries td:nth-child(1) { width: 24mm; white-space: nowrap; }
.entries td:nth-child(2) { width: 18mm; white-space: nowrap; }
.entries td:nth-child(3) { width: 18mm; white-space: nowrap; }`,
  )}
<h1>${e(notice.regionName)}互助养老公示</h1>
<div class="period">公示期间：${e(notice.from)} 至 ${e(notice.to)}</div>
<h2>一、督查情况</h2>
<table class="figures">
<tr><th>督查次数</th><td>${s.total}</td></tr>
${s.byKind.map((k) => `<tr><th>其中${e(kindZh(k.kind))}</th><td>${k.count}</td></tr>`).join('\n')}
<tr><th>平均得分率</th><td>${percent}</td></tr>
<tr><th>未达标</th><td>${s.poor}（已整改 ${s.rectified}，整改中 ${s.rectifying}）</td></tr>
</table>
<h2>二、未达标情况及整改</h2>
${
  notice.entries.length === 0
    ? '<p>本期无未达标情况。</p>'
    : `<table class="entries"><tr><th>日期</th><th>事项</th><th>互助员</th><th>情况</th></tr>
${notice.entries.map((entry) => `<tr><td>${e(entry.date)}</td><td>${e(entry.heading)}</td><td>${e(entry.name ?? '—')}</td><td>${e(entry.text)}</td></tr>`).join('\n')}
</table>`
}
<h2>三、仲裁裁决</h2>
${
  notice.rulings.length === 0
    ? '<p>本期无仲裁裁决。</p>'
    : `<table class="entries"><tr><th>日期</th><th>事项</th><th>互助员</th><th>裁决</th></tr>
${notice.rulings.map((entry) => `<tr><td>${e(entry.date)}</td><td>${e(entry.heading)}</td><td>${e(entry.name ?? '—')}</td><td>${e(entry.text)}</td></tr>`).join('\n')}
</table>`
}
<p>如对公示内容有异议，请于公示期内向村民委员会或村调解委员会反映。</p>
<footer>本公示只列督查和仲裁的结构化结果，不含老人姓名、身份证号、住址、健康信息和投诉原文。</footer>
</body></html>`;
}

/** GET /regions/:id/notice?from=&to= — the printable notice for those who may read the region. */
export function printNotice(contextOf: (authorization: string | undefined) => Promise<Context>): RequestHandler {
  return printablePage(contextOf, async (ctx, req) => {
    const from = String(req.query.from ?? '');
    const to = String(req.query.to ?? '');
    const problem = periodProblem(from, to);
    if (problem) return { status: 400, message: problem };
    try {
      const region = await noticeRegion(ctx, String(req.params.id));
      return { html: renderNotice(await publicNotice(ctx, region, from, to)) };
    } catch (error) {
      if (error instanceof GraphQLError) return { status: 404, message: error.message };
      throw error;
    }
  });
}
