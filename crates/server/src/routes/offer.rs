//! The catalogue, the price list and quotes: what the wizard's authorisations step and overview
//! show. The overview shows the server's figure; the order stores the price it was placed at.

use domain::catalogue::Catalogue;
use domain::pricing::{PriceList, Quote, QuoteRequest};

use crate::error::ApiError;
use crate::extract::Json;
use crate::offer;

/// `GET /api/v1/catalogue`
pub async fn catalogue() -> Json<&'static Catalogue> {
    Json(offer::catalogue())
}

/// `GET /api/v1/prices`
pub async fn prices() -> Json<&'static PriceList> {
    Json(offer::prices())
}

/// `POST /api/v1/quotes`: the price of a draft order.
pub async fn quote(Json(request): Json<QuoteRequest>) -> Result<Json<Quote>, ApiError> {
    if request.users == 0 || request.users > 100_000 || request.authorisations_per_user > 10_000 {
        return Err(ApiError::BadRequest {
            part: crate::error::RequestPart::Body,
            reason: "users must be 1..=100000 and authorisations_per_user at most 10000".into(),
        });
    }
    offer::prices()
        .quote(request)
        .map(Json)
        .map_err(ApiError::internal)
}
