//! The catalogue, the price list and quotes: what the wizard's authorisations step and overview
//! show. The overview shows the server's figure; the order stores the price it was placed at.

use domain::catalogue::Catalogue;
use domain::pricing::{PriceList, Quote, QuoteRequest};

use crate::error::ApiError;
use crate::extract::Json;
use crate::offer;

/// `GET /api/v1/catalogue`
#[utoipa::path(
    get, path = "/api/v1/catalogue", operation_id = "getCatalogue", tag = "ordering",
    responses((status = 200, description = "The providers, their services and each service's minimum level.", body = Catalogue))
)]
pub(crate) async fn catalogue() -> Json<&'static Catalogue> {
    Json(offer::catalogue())
}

/// `GET /api/v1/prices`
#[utoipa::path(
    get, path = "/api/v1/prices", operation_id = "getPrices", tag = "ordering",
    responses((status = 200, description = "The price list (euro cents, excluding VAT).", body = PriceList))
)]
pub(crate) async fn prices() -> Json<&'static PriceList> {
    Json(offer::prices())
}

/// `POST /api/v1/quotes`: the price of a draft order.
#[utoipa::path(
    post, path = "/api/v1/quotes", operation_id = "createQuote", tag = "ordering",
    request_body = QuoteRequest,
    responses((status = 200, description = "Lines, total excluding VAT, VAT and total including VAT.", body = Quote))
)]
pub(crate) async fn quote(Json(request): Json<QuoteRequest>) -> Result<Json<Quote>, ApiError> {
    if !(1..=QuoteRequest::MAX_USERS).contains(&request.users)
        || request.authorisations_per_user > QuoteRequest::MAX_AUTHORISATIONS_PER_USER
    {
        return Err(ApiError::BadRequest {
            part: crate::error::RequestPart::Body,
            reason: format!(
                "users must be 1 to {} and authorisations_per_user at most {}",
                QuoteRequest::MAX_USERS,
                QuoteRequest::MAX_AUTHORISATIONS_PER_USER
            ),
        });
    }
    offer::prices()
        .quote(request)
        .map(Json)
        .map_err(ApiError::internal)
}
