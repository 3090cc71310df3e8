//! The words that name a metric, a period, a target, or a break between clauses.
//! Acronyms are written in capitals: they then only match when spoken as acronyms.

use crate::metric::{MetricKey, Period};

/// How speakers name each metric, in English and Korean. Where names nest
/// ("CAC payback" holds "CAC") the longer one wins.
pub(crate) const METRIC_CUES: &[(MetricKey, &[&str])] = &[
    (
        MetricKey::Mrr,
        &[
            "MRR",
            "monthly recurring revenue",
            "월 반복 매출",
            "월간 반복 매출",
            "월 구독 매출",
            "구독 매출",
        ],
    ),
    (
        MetricKey::Arr,
        &[
            "ARR",
            "annual recurring revenue",
            "annualized revenue",
            "run rate",
            "run-rate",
            "연 반복 매출",
            "연간 반복 매출",
        ],
    ),
    (
        MetricKey::Revenue,
        &["revenue", "sales", "top line", "topline", "매출", "매출액"],
    ),
    (
        MetricKey::Gmv,
        &[
            "GMV",
            "gross merchandise value",
            "gross merchandise volume",
            "payment volume",
            "TPV",
            "거래액",
            "총거래액",
            "거래 금액",
            "거래대금",
            "결제액",
            "결제 금액",
        ],
    ),
    (
        MetricKey::Arpu,
        &[
            "ARPU",
            "average revenue per user",
            "사용자당 평균 매출",
            "인당 평균 매출",
            "가입자당 평균 매출",
            "인당 매출",
        ],
    ),
    (
        MetricKey::Aov,
        &[
            "AOV",
            "average order value",
            "basket size",
            "객단가",
            "평균 주문 금액",
        ],
    ),
    (
        MetricKey::Cac,
        &[
            "CAC",
            "blended CAC",
            "customer acquisition cost",
            "acquisition cost",
            "cost per acquisition",
            "CPA",
            "고객 획득 비용",
            "획득 비용",
            "고객 유치 비용",
            "유치 비용",
        ],
    ),
    (
        MetricKey::Ltv,
        &[
            "LTV",
            "CLV",
            "CLTV",
            "lifetime value",
            "생애 가치",
            "고객 생애 가치",
        ],
    ),
    (
        MetricKey::LtvCac,
        &[
            "LTV/CAC",
            "LTV to CAC",
            "LTV:CAC",
            "LTV CAC",
            "LTV over CAC",
            "LTV 대비 CAC",
        ],
    ),
    (
        MetricKey::CacPayback,
        &[
            "payback",
            "payback period",
            "CAC payback",
            "페이백",
            "회수 기간",
            "CAC 회수",
        ],
    ),
    (
        MetricKey::Churn,
        &[
            "churn",
            "churn rate",
            "logo churn",
            "revenue churn",
            "이탈률",
            "이탈",
            "해지율",
            "해지",
        ],
    ),
    (
        MetricKey::Retention,
        &["retention", "retention rate", "리텐션", "유지율", "잔존율"],
    ),
    (
        MetricKey::Nrr,
        &[
            "NRR",
            "NDR",
            "net revenue retention",
            "net dollar retention",
            "넷 리텐션",
            "순매출 유지율",
            "순수익 유지율",
        ],
    ),
    (
        MetricKey::Growth,
        &[
            "growth",
            "growth rate",
            "grow",
            "grew",
            "grown",
            "up",
            "increase",
            "MoM",
            "YoY",
            "QoQ",
            "month over month",
            "month-over-month",
            "year over year",
            "year-over-year",
            "성장",
            "성장률",
            "늘었",
            "늘어",
            "늘고",
            "증가",
            "올랐",
            "전월 대비",
            "전년 대비",
        ],
    ),
    (
        MetricKey::GrossMargin,
        &[
            "gross margin",
            "margin",
            "GPM",
            "매출총이익률",
            "매출 총이익률",
            "그로스 마진",
            "마진",
            "마진율",
        ],
    ),
    (
        MetricKey::TakeRate,
        &[
            "take rate",
            "take-rate",
            "rake",
            "commission rate",
            "테이크레이트",
            "테이크 레이트",
            "수수료율",
        ],
    ),
    (
        MetricKey::Conversion,
        &[
            "conversion",
            "conversion rate",
            "convert",
            "CVR",
            "전환율",
            "컨버전",
        ],
    ),
    (
        MetricKey::Burn,
        &[
            "burn",
            "burn rate",
            "burning",
            "net burn",
            "cash burn",
            "번레이트",
            "번 레이트",
            "버닝",
            "소진",
        ],
    ),
    (
        MetricKey::BurnMultiple,
        &["burn multiple", "번 멀티플", "번멀티플"],
    ),
    (
        MetricKey::Runway,
        &["runway", "cash runway", "런웨이", "잔여 운영 기간"],
    ),
    (
        MetricKey::Headcount,
        &[
            "headcount",
            "head count",
            "team",
            "team size",
            "employees",
            "staff",
            "FTE",
            "팀",
            "직원",
            "인원",
            "임직원",
            "구성원",
            "팀원",
        ],
    ),
    (
        MetricKey::Dau,
        &[
            "DAU",
            "daily active users",
            "daily actives",
            "일간 활성 사용자",
            "일 활성 사용자",
            "일일 활성 사용자",
        ],
    ),
    (
        MetricKey::Mau,
        &[
            "MAU",
            "monthly active users",
            "monthly actives",
            "월간 활성 사용자",
            "월 활성 사용자",
        ],
    ),
    (
        MetricKey::DauMau,
        &[
            "DAU/MAU",
            "DAU MAU",
            "DAU to MAU",
            "stickiness",
            "스티키니스",
            "MAU 대비 DAU",
        ],
    ),
    (
        MetricKey::Valuation,
        &[
            "valuation",
            "valued at",
            "pre-money",
            "post-money",
            "밸류",
            "밸류에이션",
            "기업가치",
            "프리머니",
            "포스트머니",
            "프리 밸류",
            "포스트 밸류",
        ],
    ),
];

/// Words that name a metric only beside a figure whose unit already says it:
/// "we're 34 people", "1년 반은 버틸 수 있어요", "that will last us 20 months".
pub(crate) const UNIT_CUES: &[(MetricKey, &[&str])] = &[
    (MetricKey::Headcount, &["we're", "we’re", "we are"]),
    (MetricKey::Runway, &["버틸", "last us"]),
];

/// Words that make the figures around them a range ("50명에서 300명 사이",
/// "between 50 and 300"), which describes something rather than measures it. `true`
/// when the range comes before the word.
pub(crate) const RANGE_CUES: &[(&str, bool)] = &[("사이", true), ("between", false)];

/// Words that say over which period a flow is measured.
pub(crate) const PERIOD_CUES: &[(Period, &[&str])] = &[
    (
        Period::Monthly,
        &[
            "monthly",
            "a month",
            "per month",
            "each month",
            "every month",
            "/month",
            "/mo",
            "MoM",
            "month over month",
            "month-over-month",
            "월",
            "월간",
            "월평균",
            "매달",
            "매월",
            "한 달에",
            "달마다",
            "전월 대비",
        ],
    ),
    (
        Period::Annual,
        &[
            "annual",
            "annually",
            "a year",
            "per year",
            "yearly",
            "per annum",
            "each year",
            "YoY",
            "year over year",
            "year-over-year",
            "연",
            "연간",
            "연평균",
            "매년",
            "1년에",
            "일 년에",
            "전년 대비",
            "작년 대비",
        ],
    ),
];

/// Words that make a figure a goal, a forecast or a bound rather than a fact.
pub(crate) const TARGET_CUES: &[&str] = &[
    "up to",
    "at most",
    "최대",
    "target",
    "goal",
    "aim",
    "plan",
    "forecast",
    "projected",
    "projection",
    "expect",
    "hope",
    "want to",
    "next year",
    "by the end of",
    "목표",
    "예상",
    "계획",
    "전망",
    "예정",
    "내년",
    "하려고",
    "연말까지",
];

/// Words that join clauses: a figure rarely belongs to a metric across one. Korean
/// connective endings ("늘렸고", "줄였는데") and English clause words ("which", "so")
/// end clauses too; they are read off each word in `claim`.
pub(crate) const CLAUSE_BREAKS: &[&str] = &[
    ",",
    ";",
    "and",
    "but",
    "while",
    "whereas",
    "그리고",
    "근데",
    "그런데",
    "하지만",
    "반면",
];
