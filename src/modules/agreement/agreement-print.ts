import type { RequestHandler } from 'express';
import { digestOf } from '../../common/canonical-json.ts';
import { escapeHtml, pageHead, printablePage } from '../../common/printable-page.ts';
import { idOfType, toGlobalId } from '../../common/global-id.ts';
import { enumLabels } from '../../common/labels.ts';
import type { Context } from '../../context.ts';
import { SERVICE_TYPES } from '../catalogue/service-type.enum.ts';
import type { Need } from '../need/need.entity.ts';
import { weekdaySummaryZh } from '../need/recurrence-text.ts';
import type { CareAgreement } from './agreement.entity.ts';
import { AgreementParty } from './agreement.enums.ts';
import { canReadAgreement, requiredParties } from './agreement.service.ts';

/**
 * The printable agreement (issue #15): an A4 page in Chinese made from the record — parties,
 * mode, duties, services and schedule, term, signature and thumbprint boxes, the witness — with
 * a short hash of its content printed on it, so that a signed paper copy can be matched to its
 * record later. Served by this server with its own font (common/printable-page.ts).
 */

export function printPath(agreementId: string): string {
  return `/agreements/${toGlobalId('CareAgreement', agreementId)}/print`;
}

interface AgreementDocument {
  id: string;
  elder: { name: string; village: string };
  proxy: { name: string } | null;
  helper: { name: string; kind: 'PERSON' | 'ORGANISATION' };
  witness: string;
  careMode: string;
  duties: { duty: string; text: string }[];
  services: { service: string; schedule: string; minutes: number; from: string; until: string | null }[];
  startDate: string;
  endDate: string | null;
  reviewDate: string | null;
  parties: string[];
}

const label = (enumName: string, value: string) =>
  enumLabels([enumName]).find((entry) => entry.value === value)?.labelZh ?? value;

async function documentOf(ctx: Context, agreement: CareAgreement): Promise<AgreementDocument> {
  const [elder, proxy, helper, region, rows] = await Promise.all([
    ctx.loaders.person.load(agreement.elderId),
    agreement.proxyId ? ctx.loaders.person.load(agreement.proxyId) : undefined,
    ctx.loaders.helper.load(agreement.helperId),
    ctx.loaders.region.load(agreement.regionId),
    ctx.loaders.needsOfAgreement.load(agreement.id),
  ]);
  const helperName = helper?.personId
    ? (await ctx.loaders.person.load(helper.personId))?.name
    : (await ctx.loaders.organisation.load(helper!.organisationId!))?.name;
  const needs = (await ctx.loaders.need.loadMany(rows.map((row) => row.needId))) as Need[];
  return {
    id: agreement.id,
    elder: { name: elder!.name, village: region!.name },
    proxy: proxy ? { name: proxy.name } : null,
    helper: { name: helperName ?? '', kind: helper?.personId ? 'PERSON' : 'ORGANISATION' },
    witness: `${region!.name}村民委员会`,
    careMode: label('CareMode', agreement.careMode),
    duties: agreement.duties.map((d) => ({ duty: label('CareDuty', d.duty), text: d.text })),
    services: needs.map((need) => ({
      service: SERVICE_TYPES[need.serviceType].zh,
      schedule: `${weekdaySummaryZh(need.recurrence, need.weekdays, need.startDate)} ${need.windowStart.slice(0, 5)}–${need.windowEnd.slice(0, 5)}`,
      minutes: need.minutesPerOccurrence,
      from: need.startDate,
      until: need.endDate,
    })),
    startDate: agreement.startDate,
    endDate: agreement.endDate,
    reviewDate: agreement.reviewDate,
    parties: requiredParties(agreement),
  };
}

/** 16 hex digits of the content's sha256, in groups of four: what the paper copy carries. */
function hashOf(document: AgreementDocument): string {
  const hex = digestOf(document).slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

export async function agreementContentHash(ctx: Context, agreement: CareAgreement): Promise<string> {
  return hashOf(await documentOf(ctx, agreement));
}

const escape = escapeHtml;

const PARTY_ZH: Record<AgreementParty, string> = {
  [AgreementParty.ELDER]: '甲方（老人）',
  [AgreementParty.PROXY]: '代理人/监护人',
  [AgreementParty.HELPER]: '乙方（帮扶方）',
  [AgreementParty.WITNESS]: '见证方（村民委员会）',
};

function renderHtml(doc: AgreementDocument, hash: string): string {
  const e = escape;
  const term = doc.endDate ? `${doc.startDate} 至 ${doc.endDate}` : `自 ${doc.startDate} 起，长期有效（无固定期限）`;
  const names: Record<AgreementParty, string> = {
    [AgreementParty.ELDER]: doc.elder.name,
    [AgreementParty.PROXY]: doc.proxy?.name ?? '',
    [AgreementParty.HELPER]: doc.helper.name,
    [AgreementParty.WITNESS]: doc.witness,
  };
  return `${pageHead(
    `农村互助养老托养协议书 ${hash}`,
    `.code { text-align: center; font-size: 9pt; color: #444; margin-bottom: 5mm; }
.parties th { width: 34mm; }
.sign td { height: 18mm; }
.box { width: 22mm; }`,
  )}
<h1>农村互助养老托养协议书</h1>
<div class="code">内容校验码 <b>${e(hash)}</b></div>
<h2>一、协议各方</h2>
<table class="parties">
<tr><th>甲方（老人）</th><td>${e(doc.elder.name)}，${e(doc.elder.village)}</td></tr>
${doc.proxy ? `<tr><th>代理人/监护人</th><td>${e(doc.proxy.name)}</td></tr>` : ''}
<tr><th>乙方（帮扶方）</th><td>${e(doc.helper.name)}${doc.helper.kind === 'PERSON' ? '（及其家庭）' : ''}</td></tr>
<tr><th>见证方</th><td>${e(doc.witness)}</td></tr>
</table>
<h2>二、养老模式</h2>
<p>${e(doc.careMode)}</p>
<h2>三、帮扶责任</h2>
<table>${doc.duties.map((d) => `<tr><th style="width:28mm">${e(d.duty)}</th><td>${e(d.text)}</td></tr>`).join('')}</table>
<h2>四、服务项目与时间</h2>
<table><tr><th>服务项目</th><th>时间安排</th><th>每次时长</th><th>起止</th></tr>
${doc.services.map((s) => `<tr><td>${e(s.service)}</td><td>${e(s.schedule)}</td><td>${s.minutes} 分钟</td><td>${e(s.from)}${s.until ? ` 至 ${e(s.until)}` : ' 起'}</td></tr>`).join('')}
</table>
<h2>五、协议期限</h2>
<p>${e(term)}${doc.reviewDate ? `；于 ${e(doc.reviewDate)} 由各方及村民委员会共同复核。` : '。'}</p>
<h2>六、约定</h2>
<p>甲方（或其代理人）可随时提出终止本协议；乙方如需终止，应提前告知甲方和村民委员会。服务以实际上门记录和甲方确认为准。本协议一式三份，各方各执一份，自各方签字（或按手印）之日起生效。</p>
<h2>七、签字</h2>
<table class="sign"><tr><th>协议方</th><th>姓名</th><th>签字</th><th class="box">手印</th><th>日期</th></tr>
${(doc.parties as AgreementParty[]).map((p) => `<tr><td>${PARTY_ZH[p]}</td><td>${e(names[p])}</td><td></td><td class="box"></td><td></td></tr>`).join('')}
</table>
<footer>协议记录 ${e(toGlobalId('CareAgreement', doc.id))} · 内容校验码 ${e(hash)}：纸质签字件与平台记录核对时，两者校验码应一致。</footer>
</body></html>`;
}

/**
 * GET /agreements/:id/print — the printable form for those who may read the agreement (same
 * Authorization header as the API). `contextOf` authenticates the request as the API does.
 */
export function printAgreement(contextOf: (authorization: string | undefined) => Promise<Context>): RequestHandler {
  return printablePage(contextOf, async (ctx, req) => {
    const id = idOfType(String(req.params.id), 'CareAgreement');
    const agreement = id ? await ctx.loaders.careAgreement.load(id) : undefined;
    if (!agreement || !(await canReadAgreement(ctx, agreement)))
      return { status: 404, message: 'No agreement you may read has this id' };
    const document = await documentOf(ctx, agreement);
    return { html: renderHtml(document, hashOf(document)) };
  });
}
