"""What each change tells the people it concerns: one function per kind of notice, giving its
title, sentence, the page to act on and the SMS text (services.notices adds the service's name).

The words say what happened and where to act, and nothing personal the recipient does not already
know: an applicant hears of their own application; a unit of its own positions, trainees (by the
position) and claims; an office of what waits for it. Links are the service's paths (the routes'
own; tests/services/test_notice_texts.py opens each one)."""
from ..models import GROUP_DECISIONS, GROUP_MONEY, GROUP_OFFERS, GROUP_TASKS
from .notices import Notice


def application_decided(application_id: int, approved: bool) -> Notice:
    word = "已审核通过" if approved else "未通过审核"
    return Notice("application_decided", GROUP_DECISIONS, f"就业见习人员申请{word}",
                  f"您的就业见习人员申请{word}。" + ("可以浏览并收藏见习岗位，等待单位联系。" if approved
                                                  else "请查看不通过原因；可以修改后重新申请。"),
                  f"/me/applications/{application_id}", f"您的就业见习人员申请{word}，请登录查看。")


def recognition_decided(outcome_words: str, reason: str = "") -> Notice:
    return Notice("recognition_decided", GROUP_DECISIONS, f"见习单位认定：{outcome_words}",
                  f"本单位的见习单位认定结果：{outcome_words}。" + (f"说明：{reason}" if reason else ""), "/unit/recognition",
                  f"您单位的见习单位认定申请结果：{outcome_words}，请登录单位网厅查看。")


def recognition_submitted(recognition_id: int, unit_name: str) -> Notice:
    return Notice("recognition_submitted", GROUP_TASKS, "新的见习单位认定申请",
                  f"{unit_name}提交了见习单位认定申请，请审核。", f"/review/units/{recognition_id}",
                  "有新的见习单位认定申请待审核，请登录查看。")


def position_decided(title: str, approved: bool, reason: str = "") -> Notice:
    word = "审核通过，已发布" if approved else "被退回修改"
    return Notice("position_decided", GROUP_DECISIONS, f"见习岗位{word}",
                  f"见习岗位“{title}”{word}。" + (f"原因：{reason}" if reason else ""), "/unit/positions/",
                  f"您单位的见习岗位“{title[:20]}”{word}，请登录单位网厅查看。")


def interview(step_id: int, position_title: str) -> Notice:
    return Notice("interview", GROUP_OFFERS, "面试邀请", f"见习岗位“{position_title}”的单位邀请您面试，请查看时间和地点。",
                  f"/me/offers/{step_id}", f"见习岗位“{position_title[:20]}”的单位邀请您面试，请登录查看时间地点。")


def offer(step_id: int, position_title: str, days: int) -> Notice:
    return Notice("offer", GROUP_OFFERS, "录用通知",
                  f"见习岗位“{position_title}”的单位向您发出录用通知，请在{days}天内接受或婉拒。",
                  f"/me/offers/{step_id}", f"您收到见习岗位“{position_title[:20]}”的录用通知，{days}天内有效，请登录答复。")


def offer_expiring(step_id: int, position_title: str) -> Notice:
    return Notice("offer_expiring", GROUP_OFFERS, "录用通知明天到期",
                  f"见习岗位“{position_title}”的录用通知明天到期，过期后不能再接受。", f"/me/offers/{step_id}",
                  f"您的见习岗位“{position_title[:20]}”录用通知明天到期，请尽快登录答复。")


def offer_expired_for_unit(position_id: int, position_title: str) -> Notice:
    return Notice("offer_expired", GROUP_OFFERS, "录用通知已过期",
                  f"见习岗位“{position_title}”的一份录用通知已过期，对方未答复。可以重新发出或考虑其他意向人员。",
                  f"/unit/positions/{position_id}/candidates/", f"您单位见习岗位“{position_title[:20]}”的一份录用通知已过期。")


def agreement_to_confirm(placement_id: int, version: int) -> Notice:
    return Notice("agreement_to_confirm", GROUP_TASKS, "见习协议待确认",
                  f"见习单位修改了见习协议（第{version}版），请阅读后确认。", f"/me/placements/{placement_id}",
                  "见习单位修改了您的见习协议，请登录阅读并确认。")


def placement_submitted(placement_id: int, unit_name: str) -> Notice:
    return Notice("placement_submitted", GROUP_TASKS, "见习记录待备案", f"{unit_name}提交了一条见习记录，请备案。",
                  f"/review/placements/{placement_id}", "有新的见习记录待备案，请登录查看。")


def placement_decided(placement_id: int, filed: bool, for_unit: bool, reason: str = "") -> Notice:
    word = "已备案" if filed else "被退回修改"
    link = f"/unit/placements/{placement_id}" if for_unit else f"/me/placements/{placement_id}"
    body = f"见习记录{word}。" + (f"原因：{reason}" if reason else "") + ("" if filed or for_unit else "单位修改后会重新提交。")
    return Notice("placement_decided", GROUP_DECISIONS, f"见习记录{word}", body, link,
                  f"见习记录{word}，请登录查看。")


def months_due(count: int) -> Notice:
    return Notice("months_due", GROUP_TASKS, "月度记录待登记",
                  f"有{count}个已结束的月份还没有登记出勤和生活补助发放，登记后才能申请见习补贴。", "/unit/claims/",
                  f"您单位有{count}个月份的见习人员出勤和生活补助待登记，请登录单位网厅办理。")


def claim_submitted(claim_id: int, unit_name: str) -> Notice:
    return Notice("claim_submitted", GROUP_TASKS, "补贴申请待审核", f"{unit_name}提交了见习补贴申请，请审核。",
                  f"/review/claims/{claim_id}", "有新的见习补贴申请待审核，请登录查看。")


def claim_returned(claim_id: int, returned: int) -> Notice:
    return Notice("claim_returned", GROUP_MONEY, "补贴申请有项目被退回",
                  f"补贴申请第{claim_id}号审核完成，其中{returned}项被退回，请查看原因，更正后可以重新申请。",
                  f"/unit/claims/{claim_id}", f"您单位的补贴申请第{claim_id}号有{returned}项被退回，请登录查看原因。")


def claim_approved(claim_id: int) -> Notice:
    return Notice("claim_approved", GROUP_MONEY, "补贴申请审核通过",
                  f"补贴申请第{claim_id}号审核通过，将纳入经办机构下一批公示。", f"/unit/claims/{claim_id}",
                  f"您单位的补贴申请第{claim_id}号审核通过，将进行公示。")


def batch_published(claim_id: int, batch_title: str, window_ends) -> Notice:
    return Notice("batch_published", GROUP_MONEY, "补贴公示开始",
                  f"补贴申请第{claim_id}号已纳入{batch_title}公示，公示期至{window_ends:%Y年%m月%d日}，期满无异议后拨付。",
                  f"/unit/claims/{claim_id}", f"您单位的见习补贴已纳入{batch_title}公示，公示期至{window_ends:%m月%d日}。")


def batch_paid(claim_id: int, batch_title: str, paid_on) -> Notice:
    return Notice("batch_paid", GROUP_MONEY, "见习补贴已拨付",
                  f"{batch_title}的见习补贴已于{paid_on:%Y年%m月%d日}拨付（补贴申请第{claim_id}号）。",
                  f"/unit/claims/{claim_id}", f"您单位{batch_title}的见习补贴已于{paid_on:%m月%d日}拨付，请查收。")


def window_ending(batch_id: int, batch_title: str, window_ends) -> Notice:
    return Notice("window_ending", GROUP_TASKS, "公示期即将届满",
                  f"{batch_title}公示期至{window_ends:%Y年%m月%d日}，期满后可以登记拨付。", f"/review/batches/{batch_id}",
                  f"{batch_title}公示期即将届满，请登录核对异议并办理拨付。")


def certificate(placement_id: int) -> Notice:
    return Notice("certificate", GROUP_DECISIONS, "见习证明已出具",
                  "见习期满，单位鉴定合格。您可以查看和下载见习证明。", f"/me/placements/{placement_id}/certificate",
                  "您的见习期满、鉴定合格，见习证明已出具，请登录下载。")


def position_closing(position_id: int, position_title: str, deadline) -> Notice:
    return Notice("position_closing", GROUP_TASKS, "收藏的岗位即将截止",
                  f"您收藏的见习岗位“{position_title}”将于{deadline:%m月%d日}截止招募。", f"/me/positions/{position_id}",
                  f"您收藏的见习岗位“{position_title[:20]}”将于{deadline:%m月%d日}截止招募。")
