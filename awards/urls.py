app_name = "awards"

urlpatterns = []
