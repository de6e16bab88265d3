//! Sessions as rules: their stages, who holds one, what a route requires, when a session has
//! expired, and the cookie that carries it. Pure.

use crate::domain::TenantId;
use crate::tenants::StaffRole;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// The session cookie. `__Host-` makes browsers refuse it unless it is Secure, has no Domain
/// and is for the whole site, so no subdomain (a showroom's catalog) can set or read it.
pub const COOKIE: &str = "__Host-alk_session";

/// How far a login has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Password accepted; the second factor is next.
    SecondFactor,
    /// Password accepted; this account must set up its second factor first.
    Enroll,
    /// Fully signed in.
    Full,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::SecondFactor => "second_factor",
            Stage::Enroll => "enroll",
            Stage::Full => "full",
        }
    }

    pub fn parse(raw: &str) -> Option<Stage> {
        [Stage::SecondFactor, Stage::Enroll, Stage::Full]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// Who holds a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Member {
        account: Uuid,
        email: String,
        tenant: TenantId,
        name: String,
        role: StaffRole,
    },
    SuperAdmin {
        account: Uuid,
        email: String,
    },
}

impl Principal {
    pub fn account(&self) -> Uuid {
        match self {
            Principal::Member { account, .. } | Principal::SuperAdmin { account, .. } => *account,
        }
    }

    pub fn email(&self) -> &str {
        match self {
            Principal::Member { email, .. } | Principal::SuperAdmin { email, .. } => email,
        }
    }

    /// How changes by this person are recorded in histories and the audit log.
    pub fn actor(&self) -> String {
        format!("panel:{}", self.email())
    }

    /// Whether the second factor is compulsory for this person.
    pub fn must_use_totp(&self) -> bool {
        match self {
            Principal::SuperAdmin { .. } => true,
            Principal::Member { role, .. } => *role == StaffRole::Owner,
        }
    }
}

/// How much a role may do, for comparisons: staff < admin < owner.
pub fn rank(role: StaffRole) -> u8 {
    match role {
        StaffRole::Staff => 0,
        StaffRole::Admin => 1,
        StaffRole::Owner => 2,
    }
}

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (login pages, setup links).
    Public,
    /// A session past its password, waiting for the second factor or its setup (or a full
    /// session adding a second factor of its own accord).
    Pending,
    /// A signed-in showroom member with at least this role.
    Member(StaffRole),
    /// A signed-in platform super admin.
    SuperAdmin,
}

/// Whether a request may go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in (far enough): to this login page.
    Login(&'static str),
    Forbidden,
}

/// The one rule of who may use which route.
pub fn decide(access: Access, stage: Option<Stage>, principal: Option<&Principal>) -> Decision {
    let full = stage == Some(Stage::Full);
    match (access, principal) {
        (Access::Public, _) => Decision::Allow,
        (Access::Pending, Some(_)) if stage.is_some() => Decision::Allow,
        (Access::Pending, _) => Decision::Login("/login"),
        (Access::Member(_), None) => Decision::Login("/login"),
        (Access::Member(_), Some(_)) if !full => Decision::Login("/login"),
        (Access::Member(min), Some(Principal::Member { role, .. })) => {
            if rank(*role) >= rank(min) {
                Decision::Allow
            } else {
                Decision::Forbidden
            }
        }
        (Access::Member(_), Some(Principal::SuperAdmin { .. })) => Decision::Forbidden,
        (Access::SuperAdmin, None) => Decision::Login("/admin/login"),
        (Access::SuperAdmin, Some(_)) if !full => Decision::Login("/admin/login"),
        (Access::SuperAdmin, Some(Principal::SuperAdmin { .. })) => Decision::Allow,
        (Access::SuperAdmin, Some(Principal::Member { .. })) => Decision::Forbidden,
    }
}

/// Session lifetimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after it began.
    pub absolute: Duration,
}

impl Lifetimes {
    pub fn expired(&self, created: OffsetDateTime, last_seen: OffsetDateTime, now: OffsetDateTime) -> bool {
        now - last_seen >= self.idle || now - created >= self.absolute
    }

    /// Whether `last_seen` is old enough to be worth writing again (saves a write per
    /// request while keeping the idle timeout accurate to a small fraction).
    pub fn worth_touching(&self, last_seen: OffsetDateTime, now: OffsetDateTime) -> bool {
        now - last_seen >= (self.idle / 8_i32).min(Duration::minutes(1))
    }
}

/// The `Set-Cookie` value carrying a session id.
pub fn cookie(value: &str) -> String {
    format!("{COOKIE}={value}; Path=/; HttpOnly; Secure; SameSite=Lax")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0")
}

/// The value of a cookie in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(role: StaffRole) -> Principal {
        Principal::Member {
            account: Uuid::nil(),
            email: "a@b.id".into(),
            tenant: TenantId::from_uuid(Uuid::nil()),
            name: "A".into(),
            role,
        }
    }

    #[test]
    fn who_may_use_what() {
        let admin = Principal::SuperAdmin {
            account: Uuid::nil(),
            email: "root@x.id".into(),
        };
        let full = Some(Stage::Full);
        let staff = member(StaffRole::Staff);
        let owner = member(StaffRole::Owner);
        assert_eq!(
            decide(Access::Member(StaffRole::Staff), None, None),
            Decision::Login("/login")
        );
        assert_eq!(
            decide(Access::Member(StaffRole::Staff), full, Some(&staff)),
            Decision::Allow
        );
        assert_eq!(
            decide(Access::Member(StaffRole::Admin), full, Some(&staff)),
            Decision::Forbidden
        );
        assert_eq!(
            decide(Access::Member(StaffRole::Owner), full, Some(&owner)),
            Decision::Allow
        );
        assert_eq!(
            decide(Access::Member(StaffRole::Staff), full, Some(&admin)),
            Decision::Forbidden
        );
        assert_eq!(decide(Access::SuperAdmin, full, Some(&owner)), Decision::Forbidden);
        assert_eq!(decide(Access::SuperAdmin, full, Some(&admin)), Decision::Allow);
        // Half-way logins reach nothing but the second-factor pages.
        let half = Some(Stage::SecondFactor);
        assert_eq!(
            decide(Access::SuperAdmin, half, Some(&admin)),
            Decision::Login("/admin/login")
        );
        assert_eq!(
            decide(Access::Member(StaffRole::Staff), half, Some(&owner)),
            Decision::Login("/login")
        );
        assert_eq!(decide(Access::Pending, half, Some(&owner)), Decision::Allow);
        assert_eq!(decide(Access::Pending, None, None), Decision::Login("/login"));
    }

    #[test]
    fn expiry_idle_and_absolute() {
        let life = Lifetimes {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        };
        let t0 = OffsetDateTime::UNIX_EPOCH;
        assert!(!life.expired(t0, t0, t0 + Duration::minutes(29)));
        assert!(life.expired(t0, t0, t0 + Duration::minutes(30)));
        let busy = t0 + Duration::hours(12) - Duration::seconds(1);
        assert!(!life.expired(t0, busy, busy));
        assert!(life.expired(t0, busy, t0 + Duration::hours(12)));
        assert!(!life.worth_touching(t0, t0 + Duration::seconds(30)));
        assert!(life.worth_touching(t0, t0 + Duration::seconds(61)));
    }

    #[test]
    fn cookies_read_back() {
        let header = format!("a=1; {COOKIE}=xyz; b=2");
        assert_eq!(cookie_value(&header, COOKIE), Some("xyz"));
        assert_eq!(cookie_value("a=1", COOKIE), None);
        assert!(cookie("v").contains("HttpOnly; Secure; SameSite=Lax"));
    }
}
