from django.urls import path

from .views import case, desk, documents, innovations

app_name = "cases"

urlpatterns = [
    path("", desk.desk, name="desk"),
    path("new/", desk.register, name="register"),
    path("person-lookup/", desk.person_lookup, name="person_lookup"),
    path("innovations/", innovations.innovation_list, name="innovations"),
    path("innovations/<int:pk>/", innovations.innovation_detail, name="innovation"),
    path("<str:number>/", case.detail, name="detail"),
    path("<str:number>/slip/", documents.referral_slip, name="slip"),
    path("<str:number>/one-time-notice/", documents.one_time_notice, name="notice"),
    path("<str:number>/refusal/", documents.refusal_letter, name="refusal"),
    path("<str:number>/classify/", case.classify, name="classify"),
    path("<str:number>/citizen-outcome/", case.citizen_outcome, name="citizen_outcome"),
    path("<str:number>/staff-fault/", case.staff_fault, name="staff_fault"),
    path("<str:number>/special-handling/", case.special_handling, name="special_handling"),
    path("<str:number>/approve-deficiency/", case.approve_deficiency, name="approve_deficiency"),
    path("<str:number>/resolve/", case.resolve, name="resolve"),
    path("<str:number>/close/", case.close, name="close"),
    path("<str:number>/reopen/", case.reopen, name="reopen"),
    path("<str:number>/accountability/", case.accountability, name="accountability"),
    path("<str:number>/reveal/", case.reveal, name="reveal"),
]
